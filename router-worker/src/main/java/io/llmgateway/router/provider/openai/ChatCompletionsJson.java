package io.llmgateway.router.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import java.io.IOException;
import java.util.Locale;

/** The chat-completions request and response bodies (OpenAI API reference, {@code ChatCompletion}). */
final class ChatCompletionsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatCompletionsJson() {}

    static byte[] request(ChatCall call, OpenAiDialect dialect) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", call.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : call.messages()) {
            messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                    .put("content", message.text());
        }
        SamplingParams params = call.params();
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (params.maxTokens() != null) {
            body.put(dialect.maxTokensField(), params.maxTokens());
        }
        if (params.stop() != null && !params.stop().isEmpty()) {
            params.stop().forEach(body.putArray("stop")::add);
        }
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        body.put("stream", false);
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat-completions body", e);
        }
    }

    /** The first choice of a {@code chat.completion}; IllegalArgumentException when it has none. */
    static ChatResult result(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        JsonNode choice = root.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new IllegalArgumentException("the answer has no choices");
        }
        JsonNode content = choice.path("message").path("content");
        JsonNode usage = root.path("usage");
        TokenUsage tokens = usage.isObject()
                ? new TokenUsage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                        usage.path("prompt_tokens_details").path("cached_tokens").asInt())
                : TokenUsage.NONE;
        return new ChatResult(content.isTextual() ? content.asText() : "",
                finishReason(choice.path("finish_reason").asText(null)), tokens, root.path("model").asText(null));
    }

    static FinishReason finishReason(String reason) {
        if (reason == null) {
            return FinishReason.STOP;
        }
        return switch (reason) {
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            // "stop", and the own words of compatible servers for a natural end ("eos", "end_turn").
            default -> FinishReason.STOP;
        };
    }

    /** OpenAI's {@code {"error": {"message", "type", "code"}}}; fields absent when the body is not one. */
    record ErrorBody(String message, String type, String code) {

        static ErrorBody parse(byte[] body) {
            try {
                JsonNode error = MAPPER.readTree(body).path("error");
                return new ErrorBody(error.path("message").asText(null), error.path("type").asText(null),
                        error.path("code").asText(null));
            } catch (IOException e) {
                return new ErrorBody(null, null, null);
            }
        }
    }
}
