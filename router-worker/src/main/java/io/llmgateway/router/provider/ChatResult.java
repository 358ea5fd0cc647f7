package io.llmgateway.router.provider;

import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.TokenUsage;
import java.util.Objects;

/**
 * A provider's complete answer, normalized.
 *
 * @param modelServed the model id the provider says answered
 */
public record ChatResult(String content, FinishReason finishReason, TokenUsage usage, String modelServed) {

    public ChatResult {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(finishReason, "finishReason");
        usage = usage == null ? TokenUsage.NONE : usage;
    }
}
