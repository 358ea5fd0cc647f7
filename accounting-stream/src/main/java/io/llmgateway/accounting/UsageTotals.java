package io.llmgateway.accounting;

import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import java.math.BigDecimal;

/**
 * What a tenant has used since accounting began, counted once per request: the same numbers as
 * the sum of its {@code llm.costs} records.
 *
 * @param requests every request charged, refused ones included
 * @param rejected of which refused by admission
 */
record UsageTotals(long requests, long rejected, long inputTokens, long cachedInputTokens, long outputTokens,
                   long cacheHits, BigDecimal costUsd) {

    static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, BigDecimal.ZERO);

    UsageTotals plus(CostRecord cost) {
        return new UsageTotals(
                requests + 1,
                rejected + (cost.outcome() == Outcome.REJECTED ? 1 : 0),
                inputTokens + cost.inputTokens(),
                cachedInputTokens + cost.cachedInputTokens(),
                outputTokens + cost.outputTokens(),
                cacheHits + (cost.cacheHit() ? 1 : 0),
                costUsd.add(cost.costUsd()));
    }

    long totalTokens() {
        return inputTokens + outputTokens;
    }
}
