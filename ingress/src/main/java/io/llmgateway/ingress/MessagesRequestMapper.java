package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.anthropic.MessagesRequest;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.SamplingParams;
import java.util.List;
import java.util.Optional;

/**
 * Validates an Anthropic Messages request and maps it to the pipeline's {@link GatewayRequest}
 * through the same {@link GatewayRequestMapper#build} the OpenAI front uses: same ids, deadline,
 * cache policy, trace context, token estimate, model access and image checks.
 */
final class MessagesRequestMapper {

    /** The API name the request log gives requests of the Anthropic front. */
    static final String API = "anthropic";

    private final GatewayRequestMapper gateway;

    MessagesRequestMapper(GatewayRequestMapper gateway) {
        this.gateway = gateway;
    }

    /**
     * @throws ApiError 400 for an invalid request, 404 for a model the caller may not use
     */
    GatewayRequest map(Caller caller, MessagesRequest body, Optional<String> cacheControl,
                       Optional<String> traceparent) {
        if (body.model() == null || body.model().isBlank()) {
            throw ApiError.invalidRequest("model", "Missing required parameter: 'model'.");
        }
        FieldBounds bounds = gateway.bounds();
        bounds.messages(body.messages(), "messages");
        bounds.tools(body.tools(), "tools");
        bounds.stopSequences(body.stopSequences(), "stop_sequences");
        bounds.maxTokens(body.model(), body.maxTokens(), "max_tokens");
        List<ChatMessage> messages = GatewayRequestMapper.unified("messages",
                () -> AnthropicRequestParts.messages(body.system(), body.messages(), gateway.imageUrls()));
        checkMetadata(body.metadata());
        return gateway.build(caller, body.model(), messages, params(body),
                GatewayRequestMapper.unified("tools", () -> AnthropicRequestParts.tools(body.tools())),
                GatewayRequestMapper.unified("tool_choice", () -> AnthropicRequestParts.toolChoice(body.toolChoice())),
                null, AnthropicRequestParts.parallelToolCalls(body.toolChoice()), body.wantsStream(), cacheControl,
                traceparent).withApi(API);
    }

    /** Anthropic's ranges: temperature and top_p 0..1, top_k from 1, max_tokens required. */
    private static SamplingParams params(MessagesRequest body) {
        Integer maxTokens = body.maxTokens();
        if (maxTokens == null) {
            throw ApiError.invalidRequest("max_tokens", "Missing required parameter: 'max_tokens'.");
        }
        if (maxTokens < 1) {
            throw ApiError.invalidRequest("max_tokens", "Invalid value for 'max_tokens': must be at least 1.");
        }
        Double temperature = body.temperature();
        if (temperature != null && !(temperature >= 0 && temperature <= 1)) {
            throw ApiError.invalidRequest("temperature", "Invalid value for 'temperature': must be between 0 and 1.");
        }
        Double topP = body.topP();
        if (topP != null && !(topP >= 0 && topP <= 1)) {
            throw ApiError.invalidRequest("top_p", "Invalid value for 'top_p': must be between 0 and 1.");
        }
        Integer topK = body.topK();
        if (topK != null && topK < 1) {
            throw ApiError.invalidRequest("top_k", "Invalid value for 'top_k': must be at least 1.");
        }
        return new SamplingParams(temperature, topP, maxTokens, stopSequences(body.stopSequences()), null, topK,
                null, null);
    }

    private static List<String> stopSequences(List<String> sequences) {
        if (sequences == null || sequences.isEmpty()) {
            return null;
        }
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i) == null) {
                throw ApiError.invalidRequest("stop_sequences[" + i + "]", "Invalid type for 'stop_sequences[" + i
                        + "]': expected a string.");
            }
        }
        return sequences;
    }

    /** {@code {"user_id": "..."}}: checked as Anthropic would, not carried on. */
    private static void checkMetadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw ApiError.invalidRequest("metadata", "Invalid type for 'metadata': expected an object.");
        }
        OpenAiRequestParts.Json.text(metadata, "user_id", "metadata.user_id", false);
    }
}
