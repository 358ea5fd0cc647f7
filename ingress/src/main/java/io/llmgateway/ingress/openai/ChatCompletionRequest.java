package io.llmgateway.ingress.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/chat/completions} as OpenAI defines it, read as sent: fields
 * that may take more than one shape ({@code content}, {@code stop}, {@code tool_choice}) stay
 * JSON and are checked when the request is mapped to the pipeline's format.
 *
 * @param maxTokens the older name of {@code max_completion_tokens}; both are accepted
 * @param n accepted only as 1, since the pipeline returns one choice
 * @param streamOptions {@code {"include_usage": true}} adds a usage chunk before {@code [DONE]}
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
        Double frequencyPenalty,
        Double presencePenalty,
        Boolean stream,
        StreamOptions streamOptions,
        Integer n,
        JsonNode tools,
        JsonNode toolChoice,
        JsonNode responseFormat,
        Boolean parallelToolCalls,
        String user) {

    /**
     * One message.
     *
     * @param content a string, or an array of {@code text} and {@code image_url} parts
     * @param toolCalls an assistant message's calls
     * @param toolCallId a tool message's answer to a call
     */
    public record Message(String role, JsonNode content, String name, JsonNode toolCalls, String toolCallId) {}

    public record StreamOptions(Boolean includeUsage) {}

    public boolean wantsStream() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean wantsUsageChunk() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
