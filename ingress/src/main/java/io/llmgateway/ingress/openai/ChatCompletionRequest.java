package io.llmgateway.ingress.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/chat/completions} as OpenAI defines it, read as sent: fields
 * that may take more than one shape ({@code content}, {@code stop}) stay JSON and are checked
 * when the request is mapped to the pipeline's format.
 *
 * @param maxTokens the older name of {@code max_completion_tokens}; both are accepted
 * @param n accepted only as 1, since the pipeline returns one choice
 * @param tools not supported yet; rejected rather than silently ignored
 * @param user the caller's end-user id; not carried on yet
 */
public record ChatCompletionRequest(
        String model,
        List<Message> messages,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Integer maxCompletionTokens,
        JsonNode stop,
        Long seed,
        Boolean stream,
        Integer n,
        JsonNode tools,
        String user) {

    /**
     * One message.
     *
     * @param content a string, or an array of {@code {"type": "text", "text": ...}} parts
     */
    public record Message(String role, JsonNode content, String name) {}
}
