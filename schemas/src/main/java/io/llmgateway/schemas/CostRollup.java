package io.llmgateway.schemas;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The running totals of one tenant, model and hour on {@code llm.costs.hourly} (compacted, key
 * {@link #key}): each record replaces the previous one of its key, so the latest is the hour's
 * total so far. Built from the same charges as {@code llm.costs}.
 *
 * @param model the model that answered (the one asked for when none did)
 * @param hourStartMs the hour (UTC) the requests started in
 */
public record CostRollup(
        String tenantId,
        String model,
        long hourStartMs,
        long requests,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        long cacheHits,
        BigDecimal costUsd,
        long updatedAtMs) {

    public CostRollup {
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(model, "model");
        if (hourStartMs % 3_600_000 != 0) {
            throw new IllegalArgumentException("hour_start_ms must start an hour, was " + hourStartMs);
        }
        Require.nonNull(costUsd, "cost_usd");
    }

    /** An hour with nothing in it yet. */
    public static CostRollup empty(String tenantId, String model, long hourStartMs) {
        return new CostRollup(tenantId, model, hourStartMs, 0, 0, 0, 0, 0, BigDecimal.ZERO, hourStartMs);
    }

    public static long hourOf(long epochMs) {
        return Math.floorDiv(epochMs, 3_600_000L) * 3_600_000L;
    }

    /** {@code tenant|model|2026-01-15T10:00:00Z} */
    public static String key(String tenantId, String model, long hourStartMs) {
        return tenantId + "|" + model + "|" + Instant.ofEpochMilli(hourStartMs).truncatedTo(ChronoUnit.HOURS);
    }

    public String key() {
        return key(tenantId, model, hourStartMs);
    }

    /** These totals with one more charged request. */
    public CostRollup plus(CostRecord cost, long nowMs) {
        return new CostRollup(tenantId, model, hourStartMs, requests + 1, inputTokens + cost.inputTokens(),
                cachedInputTokens + cost.cachedInputTokens(), outputTokens + cost.outputTokens(),
                cacheHits + (cost.cacheHit() ? 1 : 0), costUsd.add(cost.costUsd()), nowMs);
    }
}
