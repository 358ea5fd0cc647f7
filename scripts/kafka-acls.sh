#!/usr/bin/env bash
# Creates the SCRAM users and the ACLs the gateway's services (and tenants' batch jobs) need on a
# secured Kafka cluster: a SASL listener taking SCRAM-SHA-512, and an authorizer that denies what
# no ACL allows (KRaft's StandardAuthorizer with allow.everyone.if.no.acl.found=false).
# Running it again is safe: users get the passwords now in the variables, existing ACLs stay as they are.
#
# Usage:
#   scripts/kafka-acls.sh --bootstrap-server HOST:PORT [--command-config FILE] [--finance] [--tenant NAME]...
#
#   --command-config   client settings of an operator allowed to create users and ACLs (a super
#                      user). Without it they are made from GATEWAY_KAFKA_ADMIN_USER,
#                      GATEWAY_KAFKA_ADMIN_PASSWORD and GATEWAY_KAFKA_ADMIN_MECHANISM
#                      (SCRAM-SHA-512 by default; PLAIN) into a temporary file (mode 600).
#   --finance          also a reader of the cost topics (accounting's cost-csv export) for finance.
#   --tenant NAME      also a producer for tenant NAME's batch jobs (repeat for more tenants).
#
# The password of each user comes from an environment variable, never from the command line:
#   gateway-ingress     GATEWAY_KAFKA_PASSWORD_INGRESS
#   gateway-accounting  GATEWAY_KAFKA_PASSWORD_ACCOUNTING
#   gateway-cache       GATEWAY_KAFKA_PASSWORD_CACHE
#   gateway-router      GATEWAY_KAFKA_PASSWORD_ROUTER
#   gateway-finance     GATEWAY_KAFKA_PASSWORD_FINANCE (with --finance)
#   tenant-NAME         GATEWAY_KAFKA_PASSWORD_TENANT_NAME (NAME upper-cased, '-' and '.' as '_')
# Use hex passwords (openssl rand -hex 32): kafka-configs' [password=...] syntax cannot take ','.
# The services take theirs through kafka.security (username, password_env) of the gateway config.
#
# KAFKA_BIN is where kafka-acls.sh and kafka-configs.sh are (default /opt/kafka/bin, as in the
# apache/kafka image). Topic names, groups and the accounting application id below are the config's
# defaults: change them here too if the config changes them.
set -euo pipefail

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
MECHANISM=SCRAM-SHA-512

REQUESTS=llm.requests
ADMITTED=llm.admitted
ROUTABLE=llm.routable
USAGE=llm.usage
DEAD_LETTER=llm.dead-letter
CACHE_ENTRIES=llm.cache.entries
TENANT_STATE=llm.tenant.state
COSTS=llm.costs
COSTS_HOURLY=llm.costs.hourly
BUDGET_ALERTS=llm.budget.alerts
CANCELS=llm.cancels
IDEMPOTENCY=llm.idempotency
REQUEST_LOG=llm.request.log
BATCH_FILES=llm.batch.files
BATCH_JOBS=llm.batch.jobs
REPLY_PREFIX=llm.replies.
# An ingress instance's reply topic is REPLY_PREFIX + its instance id, which must start with
# "ingress-" on a secured cluster (a random one does; set ingress.instance_id to e.g. ingress-1).
INGRESS_REPLY_PREFIX=${REPLY_PREFIX}ingress-
# A Batch API job's result topic: REPLY_PREFIX + "jobs." + the batch id (created and deleted by the ingress).
JOB_REPLY_PREFIX=${REPLY_PREFIX}jobs.
ACCOUNTING_APP=llm-accounting
CACHE_GROUP=llm-cache
ROUTER_GROUP=llm-router
SHARED_TOPICS=("$REQUESTS" "$ADMITTED" "$ROUTABLE" "$USAGE" "$DEAD_LETTER" "$CACHE_ENTRIES" "$TENANT_STATE"
  "$COSTS" "$COSTS_HOURLY" "$BUDGET_ALERTS" "$CANCELS" "$IDEMPOTENCY" "$REQUEST_LOG")

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

BOOTSTRAP=""
COMMAND_CONFIG=""
TENANTS=()
FINANCE=false
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) BOOTSTRAP=${2:?--bootstrap-server needs HOST:PORT}; shift 2 ;;
    --command-config) COMMAND_CONFIG=${2:?--command-config needs a file}; shift 2 ;;
    --tenant) TENANTS+=("${2:?--tenant needs a name}"); shift 2 ;;
    --finance) FINANCE=true; shift ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
[ -n "$BOOTSTRAP" ] || { echo "error: --bootstrap-server is required" >&2; usage; }

if [ -z "$COMMAND_CONFIG" ]; then
  admin_user=${GATEWAY_KAFKA_ADMIN_USER:?set it (or pass --command-config FILE)}
  admin_password=${GATEWAY_KAFKA_ADMIN_PASSWORD:?set it (or pass --command-config FILE)}
  admin_mechanism=${GATEWAY_KAFKA_ADMIN_MECHANISM:-SCRAM-SHA-512}
  case "$admin_mechanism" in
    PLAIN) module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
    SCRAM-SHA-256|SCRAM-SHA-512) module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
    *) echo "error: GATEWAY_KAFKA_ADMIN_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512" >&2; exit 2 ;;
  esac
  COMMAND_CONFIG=$(mktemp)
  trap 'rm -f "$COMMAND_CONFIG"' EXIT
  chmod 600 "$COMMAND_CONFIG"
  {
    echo "security.protocol=${GATEWAY_KAFKA_ADMIN_PROTOCOL:-SASL_PLAINTEXT}"
    echo "sasl.mechanism=$admin_mechanism"
    echo "sasl.jaas.config=$module required username=\"$admin_user\" password=\"$admin_password\";"
  } > "$COMMAND_CONFIG"
fi

# A SCRAM user whose password is in the variable named by $2.
user() {
  local name=$1 variable=$2
  local password=${!variable:-}
  if [ -z "$password" ]; then
    echo "error: $variable is not set (the password of Kafka user $name)" >&2
    exit 1
  fi
  "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" \
    --alter --add-config "$MECHANISM=[password=$password]" --entity-type users --entity-name "$name" > /dev/null
  echo "user $name ($MECHANISM)"
}

# allow PRINCIPAL kafka-acls-arguments...: an ALLOW rule for the principal, from any host.
allow() {
  local principal=$1
  shift
  "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" \
    --add --force --allow-principal "User:$principal" "$@" > /dev/null
  echo "  allow $principal: $*"
}

topics() {
  local arg
  for arg in "$@"; do printf -- '--topic\n%s\n' "$arg"; done
}

# Every service checks the shared topics at start and creates the ones missing (the first to start
# creates them, with the partitions and settings of the config): Describe and Create on them, and
# on nothing else.
shared_topics() {
  local principal=$1
  mapfile -t args < <(topics "${SHARED_TOPICS[@]}")
  allow "$principal" --operation Describe --operation Create "${args[@]}"
}

# ingress: publishes requests and cancels, and the usage of requests it refuses itself; reads the
# tenant state; writes and reads what each Idempotency-Key stands for; keeps the Batch API's files
# and jobs (compacted topics it creates) and each job's result topic; owns its reply topics
# (creates one at start, reads it, deletes a randomly named one at stop). Every read is without a
# consumer group.
ingress() {
  local p=gateway-ingress
  user gateway-ingress GATEWAY_KAFKA_PASSWORD_INGRESS
  shared_topics $p
  allow $p --operation Write --topic "$REQUESTS" --topic "$CANCELS" --topic "$USAGE"
  allow $p --operation Read --topic "$TENANT_STATE"
  allow $p --operation Read --operation Write --topic "$IDEMPOTENCY"
  allow $p --operation Describe --operation Create --operation Read --operation Write \
    --topic "$BATCH_FILES" --topic "$BATCH_JOBS"
  allow $p --operation Create --operation Read --operation Delete \
    --resource-pattern-type prefixed --topic "$INGRESS_REPLY_PREFIX"
  allow $p --operation Describe --operation Create --operation Read --operation Delete \
    --resource-pattern-type prefixed --topic "$JOB_REPLY_PREFIX"
}

# accounting (Kafka Streams, exactly_once_v2): reads requests and usage, writes what it decides,
# answers refusals on the caller's reply topic, and owns its internal topics (prefixed with the
# application id), its consumer group and its transactional ids.
accounting() {
  local p=gateway-accounting
  user gateway-accounting GATEWAY_KAFKA_PASSWORD_ACCOUNTING
  shared_topics $p
  allow $p --operation Read --topic "$REQUESTS" --topic "$USAGE"
  allow $p --operation Write --topic "$ADMITTED" --topic "$DEAD_LETTER" --topic "$TENANT_STATE" \
    --topic "$COSTS" --topic "$COSTS_HOURLY" --topic "$BUDGET_ALERTS" --topic "$REQUEST_LOG"
  allow $p --operation Write --resource-pattern-type prefixed --topic "$REPLY_PREFIX"
  allow $p --operation All --resource-pattern-type prefixed --topic "$ACCOUNTING_APP-"
  allow $p --operation Read --group "$ACCOUNTING_APP"
  allow $p --operation Write --operation Describe --resource-pattern-type prefixed \
    --transactional-id "$ACCOUNTING_APP"
}

# cache: reads admitted requests (group llm-cache) and its entries topic (no group); answers hits
# on the caller's reply topic with their usage, forwards misses to the router, purges entries.
cache() {
  local p=gateway-cache
  user gateway-cache GATEWAY_KAFKA_PASSWORD_CACHE
  shared_topics $p
  allow $p --operation Read --topic "$ADMITTED" --topic "$CACHE_ENTRIES"
  allow $p --operation Write --topic "$ROUTABLE" --topic "$CACHE_ENTRIES" --topic "$USAGE" --topic "$DEAD_LETTER"
  allow $p --operation Write --resource-pattern-type prefixed --topic "$REPLY_PREFIX"
  allow $p --operation Read --group "$CACHE_GROUP"
}

# router: reads routable requests (group llm-router) and cancels (no group); writes the answer on
# the caller's reply topic, its usage, new cache entries and dead letters.
router() {
  local p=gateway-router
  user gateway-router GATEWAY_KAFKA_PASSWORD_ROUTER
  shared_topics $p
  allow $p --operation Read --topic "$ROUTABLE" --topic "$CANCELS"
  allow $p --operation Write --topic "$USAGE" --topic "$CACHE_ENTRIES" --topic "$DEAD_LETTER"
  allow $p --operation Write --resource-pattern-type prefixed --topic "$REPLY_PREFIX"
  allow $p --operation Read --group "$ROUTER_GROUP"
}

# finance: reads the committed costs, their hourly totals and the budget alerts (no consumer group:
# the export commits nothing), and nothing else (not the requests, which hold prompts).
finance() {
  local p=gateway-finance
  user gateway-finance GATEWAY_KAFKA_PASSWORD_FINANCE
  allow $p --operation Read --topic "$COSTS" --topic "$COSTS_HOURLY" --topic "$BUDGET_ALERTS"
}

# A tenant's batch jobs: write requests (each signed with the tenant's batch key, which admission
# checks), and create and read their own reply topics under llm.replies.batch.NAME. with consumer
# groups named the same way. Nothing else: not another tenant's replies, not the internal topics.
tenant() {
  local name=$1
  local p=tenant-$name
  local variable
  variable=GATEWAY_KAFKA_PASSWORD_TENANT_$(printf %s "$name" | tr 'a-z.-' 'A-Z__')
  user "$p" "$variable"
  allow "$p" --operation Write --topic "$REQUESTS"
  allow "$p" --operation Create --operation Read --resource-pattern-type prefixed \
    --topic "${REPLY_PREFIX}batch.$name."
  allow "$p" --operation Read --resource-pattern-type prefixed --group "${REPLY_PREFIX}batch.$name."
}

ingress
accounting
cache
router
if [ "$FINANCE" = true ]; then
  finance
fi
for t in "${TENANTS[@]}"; do
  tenant "$t"
done
