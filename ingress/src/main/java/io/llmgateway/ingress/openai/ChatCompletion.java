package io.llmgateway.ingress.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OpenAI's {@code chat.completion} response object. {@code logprobs} and {@code refusal} are
 * written as explicit nulls because OpenAI's schema lists them as required (nullable), and
 * strict SDKs check for them.
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
                             Usage usage) {

    public static final String OBJECT = "chat.completion";

    public record Choice(int index, Message message,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         String finishReason) {}

    public record Message(String role, @JsonInclude(JsonInclude.Include.ALWAYS) String content,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {}

    public record ToolCall(String id, String type, Function function) {}

    public record Function(String name, String arguments) {}

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
