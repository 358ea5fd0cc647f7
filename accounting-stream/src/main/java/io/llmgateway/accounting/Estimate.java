package io.llmgateway.accounting;

import java.math.BigDecimal;

/**
 * The most a request can cost before its real usage is known.
 *
 * @param inputTokens counted at the edge, or here when the producer did not
 * @param outputTokens the request's max_tokens, or the model's default
 * @param costUsd those tokens at the model's list price (zero when it has none)
 */
record Estimate(long inputTokens, long outputTokens, BigDecimal costUsd) {

    long tokens() {
        return inputTokens + outputTokens;
    }
}
