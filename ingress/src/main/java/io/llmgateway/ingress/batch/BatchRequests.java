package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.GatewayRequestMapper;
import io.llmgateway.ingress.InputTokenCounter;
import io.llmgateway.ingress.RequestIds;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.safety.PromptFilter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns a batch line's body into the pipeline's request with the same checks as
 * {@code POST /v1/chat/completions} (models the key may use, parameters, tools, the content
 * filter: only the redacted prompt reaches a topic), then makes it a
 * batch request: priority batch (the batch lane, the exact cache tier only unless
 * {@code cache.batch_semantic}), never streamed, due when the job expires, with the line's id.
 */
final class BatchRequests {

    private final GatewayRequestMapper mapper;
    private final PromptFilter filter;

    /** @param filter the ingress's content filter: a batch line's prompt is filtered as an interactive one is */
    BatchRequests(GatewayConfig config, InputTokenCounter tokens, PromptFilter filter, Clock clock,
                  String resultTopic) {
        this.mapper = new GatewayRequestMapper(config, new RequestIds(clock), tokens, clock, resultTopic);
        this.filter = filter;
    }

    /** @throws ApiError for a line the API would refuse (400 {@code content_filter} for a blocked prompt) */
    GatewayRequest map(Caller caller, ChatCompletionRequest body, String requestId, long deadlineMs) {
        PromptFilter.Outcome outcome = filter.filter(mapper.map(caller, body, Optional.empty(), Optional.empty()));
        if (outcome.blocked()) {
            throw ApiError.contentFilter(outcome.blockedBy().wireName());
        }
        return batch(outcome.request(), requestId, deadlineMs);
    }

    /** The same request again under another id (a retry after a rate limit). */
    static GatewayRequest withId(GatewayRequest request, String requestId) {
        return batch(request, requestId, request.deadlineMs());
    }

    private static GatewayRequest batch(GatewayRequest r, String requestId, long deadlineMs) {
        return new GatewayRequest(requestId, r.tenantId(), r.projectId(), r.apiKeyId(), r.model(), r.messages(),
                r.params(), false, r.replyTopic(), r.createdAtMs(), Math.max(deadlineMs, r.createdAtMs()),
                Priority.BATCH, r.cachePolicy(), null, r.estimatedInputTokens(), null, null, r.tools(), r.toolChoice(),
                r.responseFormat(), r.parallelToolCalls(), r.inputFilters());
    }
}
