package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request log: exactly one record per request on {@code llm.request.log} (key: tenant id),
 * whatever its outcome, with what operators ask first about a request. Accounting writes it when
 * it charges the request, so {@code costUsd} is the cost record's own amount. It never holds a
 * prompt, an answer or a key.
 *
 * @param traceId the 32-hex W3C trace id of the request; null when none travelled with it
 * @param providerUsed the provider that answered, or the last one tried; null when none was called
 * @param modelServed the provider's model id that answered; null when none did
 * @param api the API the caller spoke ({@code openai}, {@code anthropic}); null for batch producers
 * @param status how the request ended ({@code success}, {@code rejected}, {@code failed}, ...)
 * @param errorType the error code the caller got; null on success
 * @param costUsd exact decimal, from the same price list as {@code llm.costs}
 * @param priceList the date of that price list ({@code prices.as_of}), "unpriced" without one
 * @param latencyMs from the request's creation at the edge to its end
 * @param cacheDecision what the cache did ({@code hit}, {@code semantic_hit}, {@code miss}, {@code bypass})
 * @param cacheReasonCategory the category of the cache's reason ({@code no_entry}, {@code time_sensitive}, ...)
 * @param queueMs milliseconds per stage where known: {@code admission} (edge to admitted),
 *     {@code to_router} (admitted to the router's start, through the cache), {@code provider}
 * @param batchJobId the batch job whose reply topic the answer went to; null for interactive callers
 * @param safety what the content filters found and did, counts only
 */
public record RequestLogRecord(
        String traceId,
        String requestId,
        String tenantId,
        String projectId,
        String modelRequested,
        String modelServed,
        String providerUsed,
        String api,
        boolean stream,
        Priority priority,
        String batchJobId,
        Outcome status,
        String errorType,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        BigDecimal costUsd,
        String priceList,
        long latencyMs,
        Long ttftMs,
        boolean cacheHit,
        CacheStatus cacheDecision,
        String cacheReasonCategory,
        boolean fallbackUsed,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RequestTrail.AttemptRecord> attempts,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> queueMs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FilterResult> safety,
        long startedAtMs,
        long finishedAtMs) {

    public RequestLogRecord {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(modelRequested, "model_requested");
        Require.nonNull(status, "status");
        priority = priority == null ? Priority.INTERACTIVE : priority;
        Require.nonNegative(inputTokens, "input_tokens");
        Require.nonNegative(cachedInputTokens, "cached_input_tokens");
        Require.nonNegative(outputTokens, "output_tokens");
        Require.nonNull(costUsd, "cost_usd");
        Require.nonNegative(latencyMs, "latency_ms");
        attempts = Require.copyOrEmpty(attempts);
        // Stages in the order they happened, for a reader of the log line.
        queueMs = queueMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(queueMs));
        safety = Require.copyOrEmpty(safety);
    }
}
