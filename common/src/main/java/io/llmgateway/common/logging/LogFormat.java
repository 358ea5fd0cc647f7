package io.llmgateway.common.logging;

import java.util.Locale;
import java.util.Set;

/**
 * The log format a service runs with: {@code GATEWAY_LOG_FORMAT} (a system property first, then
 * the environment), read by the shared {@code logback.xml}. Logback would print nothing at all for
 * a name it has no appender for, so every main checks the value first and stops with a clear line.
 */
public final class LogFormat {

    public static final String VARIABLE = "GATEWAY_LOG_FORMAT";
    private static final Set<String> KNOWN = Set.of("text", "json");

    private LogFormat() {}

    /** @throws IllegalArgumentException naming the variable and the formats when the value is not one */
    public static void check() {
        String value = System.getProperty(VARIABLE, System.getenv(VARIABLE));
        check(value);
    }

    static void check(String value) {
        if (value != null && !value.isBlank() && !KNOWN.contains(value)) {
            throw new IllegalArgumentException(VARIABLE + ": unknown log format '" + value
                    + "'; use text or json" + (KNOWN.contains(value.toLowerCase(Locale.ROOT)) ? " (lower case)" : ""));
        }
    }
}
