package io.llmgateway.router.provider;

import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.SamplingParams;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call to one provider deployment, in the gateway's unified format; each adapter translates
 * it into its provider's wire format.
 *
 * @param model the provider's model id (the deployment's, not the caller's alias)
 * @param deadline the request's deadline: no call outlives it
 */
public record ChatCall(String model, List<ChatMessage> messages, SamplingParams params, Instant deadline) {

    public ChatCall {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        params = params == null ? SamplingParams.DEFAULTS : params;
        Objects.requireNonNull(deadline, "deadline");
    }
}
