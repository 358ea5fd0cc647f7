package io.llmgateway.schemas;

import java.math.BigDecimal;

/**
 * What one request cost, on {@code llm.costs} (key: tenant id): exactly one committed record per
 * request id, whatever its outcome (a refused request costs zero). Finance reads it with
 * {@code read_committed}. Amounts are exact decimals in US dollars: the sum of the records is
 * the sum accounting keeps.
 *
 * @param modelServed the provider's model that answered; null when none did
 * @param inputTokens all input tokens, including {@code cachedInputTokens}
 * @param inputCostUsd the uncached input tokens at the input price
 * @param cachedInputCostUsd the cached input tokens at the cached-input price
 * @param costUsd the sum of the three parts
 * @param priceList the date of the price list applied ({@code prices.as_of}), "unpriced" without one
 * @param priced false when the price list has no price for the model (every amount is then zero)
 * @param startedAtMs when the request was made
 * @param finishedAtMs when it ended
 * @param recordedAtMs when accounting charged it
 */
public record CostRecord(
        String requestId,
        String tenantId,
        String projectId,
        String apiKeyId,
        String modelRequested,
        String modelServed,
        String provider,
        Outcome outcome,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        long reasoningTokens,
        BigDecimal inputCostUsd,
        BigDecimal cachedInputCostUsd,
        BigDecimal outputCostUsd,
        BigDecimal costUsd,
        String priceList,
        boolean priced,
        boolean cacheHit,
        boolean fallbackUsed,
        long startedAtMs,
        long finishedAtMs,
        long recordedAtMs) {

    public CostRecord {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(modelRequested, "model_requested");
        Require.nonNull(outcome, "outcome");
        Require.nonNegative(inputTokens, "input_tokens");
        Require.nonNegative(cachedInputTokens, "cached_input_tokens");
        Require.nonNegative(outputTokens, "output_tokens");
        Require.nonNegative(reasoningTokens, "reasoning_tokens");
        Require.nonNull(inputCostUsd, "input_cost_usd");
        Require.nonNull(cachedInputCostUsd, "cached_input_cost_usd");
        Require.nonNull(outputCostUsd, "output_cost_usd");
        Require.nonNull(costUsd, "cost_usd");
        Require.nonBlank(priceList, "price_list");
    }

    /** The model costs are grouped under: the one that answered, or the one asked for when none did. */
    public String billedModel() {
        return modelServed != null && !modelServed.isBlank() ? modelServed : modelRequested;
    }
}
