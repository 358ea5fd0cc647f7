package io.llmgateway.common.security;

import io.llmgateway.common.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where secrets come from: environment variables, whose names the config gives (never the
 * values). Tests and the one-JVM launcher pass their own map instead of the process environment.
 */
@FunctionalInterface
public interface Secrets {

    /** The value of the variable, if it is set and not blank. */
    Optional<String> get(String variable);

    static Secrets environment() {
        return variable -> nonBlank(System.getenv(variable));
    }

    static Secrets of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return variable -> nonBlank(copy.get(variable));
    }

    /** These secrets, and {@code fallback} for the variables they do not set. */
    default Secrets orElse(Function<String, Optional<String>> fallback) {
        return variable -> get(variable).or(() -> fallback.apply(variable));
    }

    /**
     * The secret the config field {@code path} names, at least {@code minLength} characters.
     *
     * @throws ConfigException naming the field and the variable (never the value) when unset or short
     */
    default String require(String path, String variable, int minLength) {
        String value = get(variable).orElseThrow(() -> new ConfigException(path + ": the environment variable '"
                + variable + "' is not set"));
        if (value.length() < minLength) {
            throw new ConfigException(path + ": the secret in '" + variable + "' must be at least " + minLength
                    + " characters, it has " + value.length());
        }
        return value;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
