package io.llmgateway.schemas;

/**
 * The one accounting record of a request, whatever its outcome. Accounting counts a request id
 * once, so a re-delivered record never double-charges.
 *
 * @param modelServed the provider's model id that answered; null when none did
 * @param ttftMs time to first token, for streamed answers
 */
public record UsageRecord(
        String requestId,
        String tenantId,
        String projectId,
        String apiKeyId,
        String modelRequested,
        String modelServed,
        String provider,
        Outcome outcome,
        TokenUsage usage,
        boolean cacheHit,
        boolean fallbackUsed,
        int attempts,
        Long ttftMs,
        long latencyMs,
        long startedAtMs,
        long finishedAtMs,
        String errorCode) {

    public UsageRecord {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(modelRequested, "model_requested");
        Require.nonNull(outcome, "outcome");
        usage = usage == null ? TokenUsage.NONE : usage;
        Require.nonNegative(attempts, "attempts");
        Require.nonNegative(latencyMs, "latency_ms");
    }
}
