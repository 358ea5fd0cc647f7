package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one accounting record of a request, whatever its outcome. Accounting counts a request id
 * once, so a re-delivered record never double-charges.
 *
 * @param modelServed the provider's model id that answered; null when none did
 * @param ttftMs time to first token, for streamed answers
 * @param cacheStatus what the cache did: hit, semantic hit, miss, bypass; null when unknown
 * @param cacheReason why, in a few words (the cache's decision, as {@code x-gateway-cache-reason})
 * @param filters what the content filters found and did, prompt and answer: category, action and
 *     count, never the text; empty when they found nothing
 * @param trail the request's API, stream flag, priority, stage times and provider calls, for the
 *     request log; null from producers that do not say
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
        String errorCode,
        CacheStatus cacheStatus,
        String cacheReason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FilterResult> filters,
        RequestTrail trail) {

    public UsageRecord {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(modelRequested, "model_requested");
        Require.nonNull(outcome, "outcome");
        usage = usage == null ? TokenUsage.NONE : usage;
        Require.nonNegative(attempts, "attempts");
        Require.nonNegative(latencyMs, "latency_ms");
        filters = Require.copyOrEmpty(filters);
    }

    /** A record without a trail. */
    public UsageRecord(String requestId, String tenantId, String projectId, String apiKeyId, String modelRequested,
                       String modelServed, String provider, Outcome outcome, TokenUsage usage, boolean cacheHit,
                       boolean fallbackUsed, int attempts, Long ttftMs, long latencyMs, long startedAtMs,
                       long finishedAtMs, String errorCode, CacheStatus cacheStatus, String cacheReason,
                       List<FilterResult> filters) {
        this(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider, outcome, usage,
                cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs, errorCode, cacheStatus,
                cacheReason, filters, null);
    }

    /** A record without content-filter results. */
    public UsageRecord(String requestId, String tenantId, String projectId, String apiKeyId, String modelRequested,
                       String modelServed, String provider, Outcome outcome, TokenUsage usage, boolean cacheHit,
                       boolean fallbackUsed, int attempts, Long ttftMs, long latencyMs, long startedAtMs,
                       long finishedAtMs, String errorCode, CacheStatus cacheStatus, String cacheReason) {
        this(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider, outcome, usage,
                cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs, errorCode, cacheStatus,
                cacheReason, null);
    }

    /** A record that says nothing about the cache beyond {@code cacheHit}. */
    public UsageRecord(String requestId, String tenantId, String projectId, String apiKeyId, String modelRequested,
                       String modelServed, String provider, Outcome outcome, TokenUsage usage, boolean cacheHit,
                       boolean fallbackUsed, int attempts, Long ttftMs, long latencyMs, long startedAtMs,
                       long finishedAtMs, String errorCode) {
        this(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider, outcome, usage,
                cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs, errorCode, null, null);
    }

    /** The same record with the cache's decision for the request. */
    public UsageRecord withCacheDecision(CacheStatus status, String reason) {
        return new UsageRecord(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider,
                outcome, usage, cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs,
                errorCode, status, reason, filters, trail);
    }

    /** The same record with the content filters' results. */
    public UsageRecord withFilters(List<FilterResult> results) {
        return new UsageRecord(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider,
                outcome, usage, cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs,
                errorCode, cacheStatus, cacheReason, results, trail);
    }

    /** The same record with the request's trail. */
    public UsageRecord withTrail(RequestTrail requestTrail) {
        return new UsageRecord(requestId, tenantId, projectId, apiKeyId, modelRequested, modelServed, provider,
                outcome, usage, cacheHit, fallbackUsed, attempts, ttftMs, latencyMs, startedAtMs, finishedAtMs,
                errorCode, cacheStatus, cacheReason, filters, requestTrail);
    }
}
