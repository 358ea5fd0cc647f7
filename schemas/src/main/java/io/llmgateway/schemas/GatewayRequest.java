package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * @param tools functions the model may call; empty when none
 * @param toolChoice whether and which tool to call; null is the provider's default (auto when
 *     there are tools)
 * @param responseFormat the answer's shape; null is text
 * @param parallelToolCalls whether the model may ask for several calls at once; null is the
 *     provider's default
 * @param inputFilters what the ingress's content filters found in (and did to) the prompt: counts
 *     per category, never the text; empty when nothing was found
 * @param api the API the caller spoke at the ingress ({@code openai}, {@code anthropic}), for the
 *     request log; null from batch producers
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
        CacheDecision cacheDecision,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolDefinition> tools,
        ToolChoice toolChoice,
        ResponseFormat responseFormat,
        Boolean parallelToolCalls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FilterResult> inputFilters,
        String api) {

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
        tools = Require.copyOrEmpty(tools);
        inputFilters = Require.copyOrEmpty(inputFilters);
        checkTools(tools, toolChoice);
        checkToolResults(messages);
    }

    /** A request that does not say which API it came from. */
    public GatewayRequest(String requestId, String tenantId, String projectId, String apiKeyId, String model,
                          List<ChatMessage> messages, SamplingParams params, boolean stream, String replyTopic,
                          long createdAtMs, long deadlineMs, Priority priority, CachePolicy cachePolicy,
                          String traceparent, int estimatedInputTokens, Reservation reservation,
                          CacheDecision cacheDecision, List<ToolDefinition> tools, ToolChoice toolChoice,
                          ResponseFormat responseFormat, Boolean parallelToolCalls, List<FilterResult> inputFilters) {
        this(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream, replyTopic, createdAtMs,
                deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens, reservation, cacheDecision,
                tools, toolChoice, responseFormat, parallelToolCalls, inputFilters, null);
    }

    /** A request the content filters found nothing in. */
    public GatewayRequest(String requestId, String tenantId, String projectId, String apiKeyId, String model,
                          List<ChatMessage> messages, SamplingParams params, boolean stream, String replyTopic,
                          long createdAtMs, long deadlineMs, Priority priority, CachePolicy cachePolicy,
                          String traceparent, int estimatedInputTokens, Reservation reservation,
                          CacheDecision cacheDecision, List<ToolDefinition> tools, ToolChoice toolChoice,
                          ResponseFormat responseFormat, Boolean parallelToolCalls) {
        this(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream, replyTopic, createdAtMs,
                deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens, reservation, cacheDecision,
                tools, toolChoice, responseFormat, parallelToolCalls, null);
    }

    /** A request without tools or a response format, as the cache service decided for it. */
    public GatewayRequest(String requestId, String tenantId, String projectId, String apiKeyId, String model,
                          List<ChatMessage> messages, SamplingParams params, boolean stream, String replyTopic,
                          long createdAtMs, long deadlineMs, Priority priority, CachePolicy cachePolicy,
                          String traceparent, int estimatedInputTokens, Reservation reservation,
                          CacheDecision cacheDecision) {
        this(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream, replyTopic, createdAtMs,
                deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens, reservation, cacheDecision,
                null, null, null, null);
    }

    private static void checkTools(List<ToolDefinition> tools, ToolChoice toolChoice) {
        Set<String> names = new HashSet<>();
        for (ToolDefinition tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("tools: the name '" + tool.name() + "' is used twice");
            }
        }
        if (toolChoice != null && toolChoice.mode() == ToolChoice.Mode.TOOL && !names.contains(toolChoice.name())) {
            throw new IllegalArgumentException("tool_choice names '" + toolChoice.name() + "', which is not in tools");
        }
    }

    /** Every tool result answers a call an earlier assistant message made: providers refuse anything else. */
    private static void checkToolResults(List<ChatMessage> messages) {
        Set<String> called = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            message.toolCalls().forEach(call -> called.add(call.id()));
            if (message.role() == Role.TOOL && !called.contains(message.toolCallId())) {
                throw new IllegalArgumentException("messages[" + i + "].tool_call_id: no earlier assistant message "
                        + "called '" + message.toolCallId() + "'");
            }
        }
    }

    /** Whether any message carries an image: only deployments that accept images may serve it. */
    @JsonIgnore
    public boolean hasImages() {
        return messages.stream().anyMatch(ChatMessage::hasImages);
    }

    /** A request before the cache service decided anything for it. */
    public GatewayRequest(String requestId, String tenantId, String projectId, String apiKeyId, String model,
                          List<ChatMessage> messages, SamplingParams params, boolean stream, String replyTopic,
                          long createdAtMs, long deadlineMs, Priority priority, CachePolicy cachePolicy,
                          String traceparent, int estimatedInputTokens, Reservation reservation) {
        this(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream, replyTopic, createdAtMs,
                deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens, reservation, null);
    }

    /** The same request with its messages as the content filters left them, and what they found. */
    public GatewayRequest withFilteredMessages(List<ChatMessage> filtered, List<FilterResult> results) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, filtered, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                reservation, cacheDecision, tools, toolChoice, responseFormat, parallelToolCalls, results, api);
    }

    /** The same request, saying which API the caller spoke. */
    public GatewayRequest withApi(String callerApi) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                reservation, cacheDecision, tools, toolChoice, responseFormat, parallelToolCalls, inputFilters,
                callerApi);
    }

    public boolean isExpired(long nowMs) {
        return nowMs > deadlineMs;
    }

    public GatewayRequest withReservation(Reservation newReservation) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                newReservation, cacheDecision, tools, toolChoice, responseFormat, parallelToolCalls, inputFilters, api);
    }

    /**
     * The request with another input estimate (0: to be counted by admission). What only the
     * ingress can say (its filters' findings, the API spoken) is left out: admission resets a batch
     * producer's claims with this.
     */
    public GatewayRequest withEstimatedInputTokens(int tokens) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, tokens,
                reservation, cacheDecision, tools, toolChoice, responseFormat, parallelToolCalls, null, null);
    }

    /** The same request under another id (the one an {@code Idempotency-Key} stands for). */
    public GatewayRequest withRequestId(String id) {
        return new GatewayRequest(id, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                reservation, cacheDecision, tools, toolChoice, responseFormat, parallelToolCalls, inputFilters);
    }

    public GatewayRequest withCacheDecision(CacheDecision decision) {
        return new GatewayRequest(requestId, tenantId, projectId, apiKeyId, model, messages, params, stream,
                replyTopic, createdAtMs, deadlineMs, priority, cachePolicy, traceparent, estimatedInputTokens,
                reservation, decision, tools, toolChoice, responseFormat, parallelToolCalls, inputFilters, api);
    }
}
