package io.llmgateway.common.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A model's list price in US dollars per million tokens.
 *
 * @param cachedInput input tokens the provider served from its prompt cache; the input price
 *     when not given
 */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {

    public static final ModelPrice FREE = new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    public ModelPrice {
        nonNegative(input, "input");
        nonNegative(output, "output");
        cachedInput = cachedInput == null ? input : cachedInput;
        nonNegative(cachedInput, "cached_input");
    }

    private static void nonNegative(BigDecimal value, String field) {
        Objects.requireNonNull(value, field + " is required (USD per 1M tokens)");
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }
}
