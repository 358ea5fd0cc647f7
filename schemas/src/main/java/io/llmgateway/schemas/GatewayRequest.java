package io.llmgateway.schemas;

import java.util.List;

/**
 * A chat request as it travels through the pipeline, from ingress or a batch producer to the
 * router. It never carries an API key, only the key's id.
 *
 * @param requestId UUID v7, unique per request; every stage is idempotent on it
 * @param replyTopic where every {@link Reply} for this request goes
 * @param deadlineMs epoch millis after which no stage does work for it
 * @param estimatedInputTokens input tokens counted at the edge (jtokkit), used by admission
 * @param reservation set by admission on {@code llm.admitted}; null before
 * @param cacheDecision set by the cache service on {@code llm.routable}; null before
 */
public record GatewayRequest(
        String requestId,
        String tenantId,
        String projectId,
        String apiKeyId,
        String model,
        List<ChatMessage> messages,
        SamplingParams params,
        boolean stream,
        String replyTopic,
        long createdAtMs,
        long deadlineMs,
        Priority priority,
        CachePolicy cachePolicy,
        String traceparent,
        int estimatedInputTokens,
        Reservation reservation,
        CacheDecision cacheDecision) {

    public GatewayRequest {
        Require.nonBlank(requestId, "request_id");
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonBlank(model, "model");
        messages = Require.nonEmptyCopy(messages, "messages");
        params = params == null ? SamplingParams.DEFAULTS : params;
        Require.nonBlank(replyTopic, "reply_topic");
        Require.nonNegative(createdAtMs, "created_at_ms");
        if (deadlineMs < createdAtMs) {
            throw new IllegalArgumentException("deadline_ms must not be before created_at_ms");
        }
        priority = priority == null ? Priority.INTERACTIVE : priority;
        cachePolicy = cachePolicy == null ? CachePolicy.DEFAULT : cachePolicy;
        Require.nonNegative(estimatedInputTokens, "estimated_input_tokens");
    }

    /** A request before the cache service decided anything for it. */
    public GatewayRequest(String requestId, String tenantId, String projectId, String apiKeyId, String model,
                          List<ChatMessage> messages, SamplingParams params, boolean stream, String replyTopic,
                          long createdAtMs, long deadlineMs, Priority priority, CachePolicy cachePolicy,
                          String traceparent, int estimatedInputTokens, Reservation reservation) {
        this(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream, replyTopic, createdAtMs,
                deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens, reservation, null);
    }

    public boolean isExpired(long nowMs) {
        return nowMs > deadlineMs;
    }

    public GatewayRequest withReservation(Reservation newReservation) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                newReservation, cacheDecision);
    }

    public GatewayRequest withCacheDecision(CacheDecision decision) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                reservation, decision);
    }
}
