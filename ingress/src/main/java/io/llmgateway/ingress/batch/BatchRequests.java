package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.GatewayRequestMapper;
import io.llmgateway.ingress.InputTokenCounter;
import io.llmgateway.ingress.RequestIds;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns a batch line's body into the pipeline's request with the same checks as
 * {@code POST /v1/chat/completions} (models the key may use, parameters, tools), then makes it a
 * batch request: priority batch (the batch lane, the exact cache tier only unless
 * {@code cache.batch_semantic}), never streamed, due when the job expires, with the line's id.
 */
final class BatchRequests {

    private final GatewayRequestMapper mapper;

    BatchRequests(GatewayConfig config, InputTokenCounter tokens, Clock clock, String resultTopic) {
        this.mapper = new GatewayRequestMapper(config, new RequestIds(clock), tokens, clock, resultTopic);
    }

    /** @throws io.llmgateway.ingress.ApiError for a line the API would refuse */
    GatewayRequest map(Caller caller, ChatCompletionRequest body, String requestId, long deadlineMs) {
        return batch(mapper.map(caller, body, Optional.empty(), Optional.empty()), requestId, deadlineMs);
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
