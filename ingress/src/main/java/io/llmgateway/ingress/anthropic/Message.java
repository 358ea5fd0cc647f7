package io.llmgateway.ingress.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Anthropic's {@code Message} response object. {@code stop_sequence} is written as an explicit
 * null, as Anthropic writes it.
 *
 * @param content {@link TextBlock}s and {@link ToolUseBlock}s, in that order
 */
public record Message(String id, String type, String role, List<Object> content, String model,
                      @JsonInclude(JsonInclude.Include.ALWAYS) String stopReason,
                      @JsonInclude(JsonInclude.Include.ALWAYS) String stopSequence,
                      Usage usage) {

    public static final String TYPE = "message";

    public record TextBlock(String type, String text) {

        public static TextBlock of(String text) {
            return new TextBlock("text", text);
        }
    }

    /** @param input the call's arguments, always a JSON object */
    public record ToolUseBlock(String type, String id, String name, JsonNode input) {

        public static ToolUseBlock of(String id, String name, JsonNode input) {
            return new ToolUseBlock("tool_use", id, name, input);
        }
    }

    /**
     * @param inputTokens input tokens not read from the provider's prompt cache, as Anthropic counts them
     * @param cacheReadInputTokens input tokens read from the provider's prompt cache
     */
    public record Usage(int inputTokens, int outputTokens, int cacheCreationInputTokens, int cacheReadInputTokens) {}
}
