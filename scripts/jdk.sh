# Sourced by ./mvnw, ./gateway and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise takes the newest JDK >= 21 found under
# /usr/lib/jvm or /opt/java; otherwise stops with a clear message.
_gw_java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
_gw_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(_gw_java_major "$JAVA_HOME")
    [ "${v:-0}" -ge 21 ] && return 0
  fi
  best=""; best_v=0
  for d in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(_gw_java_major "$d")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "error: this project needs a JDK 21 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, searched /usr/lib/jvm, /opt/java)." >&2
    echo "       install one (e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+) or set JAVA_HOME." >&2
    return 1
  fi
  [ -n "${GW_QUIET_JDK:-}" ] || echo "using JDK $best_v at $best" >&2
  JAVA_HOME="$best"; export JAVA_HOME
}
_gw_pick_jdk || exit 1
