package io.llmgateway.faults.verifier;

import java.math.BigDecimal;

/**
 * The verifier's own price list, USD per million tokens: the test writes it into the gateway's
 * config, and the verifier prices its ground truth with it, never with the gateway's code.
 */
public final class Prices {

    public static final String INPUT_PER_MILLION = "0.15";
    public static final String OUTPUT_PER_MILLION = "0.60";

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Prices() {}

    /** What {@code input} and {@code output} tokens cost, exactly (no rounding). */
    public static BigDecimal cost(long input, long output) {
        return new BigDecimal(INPUT_PER_MILLION).multiply(BigDecimal.valueOf(input))
                .add(new BigDecimal(OUTPUT_PER_MILLION).multiply(BigDecimal.valueOf(output)))
                .divide(MILLION);
    }
}
