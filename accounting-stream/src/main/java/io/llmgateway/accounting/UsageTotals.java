package io.llmgateway.accounting;

import io.llmgateway.schemas.JsonSerde;
import io.llmgateway.schemas.UsageRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * What a tenant has used so far, counted once per request. Pricing, windows and budgets grow
 * from here.
 */
record UsageTotals(long requests, long inputTokens, long outputTokens, long cachedInputTokens, long cacheHits) {

    static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0);

    /** How totals are kept in their state store and its changelog. */
    static final Serde<UsageTotals> SERDE = new JsonSerde<>(UsageTotals.class);

    UsageTotals plus(UsageRecord usage) {
        return new UsageTotals(
                requests + 1,
                inputTokens + usage.usage().inputTokens(),
                outputTokens + usage.usage().outputTokens(),
                cachedInputTokens + usage.usage().cachedInputTokens(),
                cacheHits + (usage.cacheHit() ? 1 : 0));
    }

    long totalTokens() {
        return inputTokens + outputTokens;
    }
}
