package io.llmgateway.common.config;

import java.time.Duration;

/** Checks of configured durations, with the field's name in the message. */
final class Durations {

    private Durations() {}

    static Duration positive(Duration value, String field) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    static Duration nonNegative(Duration value, String field) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }
}
