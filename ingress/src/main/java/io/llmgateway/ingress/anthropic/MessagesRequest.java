package io.llmgateway.ingress.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/messages} as Anthropic's API reference defines it, read as sent:
 * fields that may take more than one shape ({@code system}, {@code content}, {@code tools},
 * {@code tool_choice}) stay JSON and are checked when the request is mapped to the pipeline's
 * format.
 *
 * @param system a string, or an array of {@code text} blocks
 * @param maxTokens required by Anthropic's API, and so here
 * @param metadata {@code {"user_id": ...}}; checked, not carried on
 */
public record MessagesRequest(
        String model,
        List<Message> messages,
        JsonNode system,
        Integer maxTokens,
        List<String> stopSequences,
        Double temperature,
        Double topP,
        Integer topK,
        JsonNode metadata,
        Boolean stream,
        JsonNode tools,
        JsonNode toolChoice) {

    /**
     * One turn.
     *
     * @param role {@code user} or {@code assistant}
     * @param content a string, or an array of content blocks
     */
    public record Message(String role, JsonNode content) {}

    public boolean wantsStream() {
        return Boolean.TRUE.equals(stream);
    }
}
