package io.llmgateway.router.provider;

import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * A provider's complete answer, normalized (also what a stream adds up to).
 *
 * @param content the answer's text; empty when it only calls tools
 * @param modelServed the model id the provider says answered
 */
public record ChatResult(String content, List<ToolCall> toolCalls, FinishReason finishReason, TokenUsage usage,
                         String modelServed) {

    public ChatResult {
        Objects.requireNonNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    public ChatResult(String content, FinishReason finishReason, TokenUsage usage, String modelServed) {
        this(content, List.of(), finishReason, usage, modelServed);
    }
}
