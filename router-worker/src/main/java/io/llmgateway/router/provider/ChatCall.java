package io.llmgateway.router.provider;

import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.ResponseFormat;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call to one provider deployment, in the gateway's unified format; each adapter translates
 * it into its provider's wire format.
 *
 * @param model the provider's model id (the deployment's, not the caller's alias)
 * @param deadline the request's deadline: no call outlives it
 * @param toolChoice null: the provider's default
 * @param responseFormat null: text
 * @param parallelToolCalls null: the provider's default
 */
public record ChatCall(String model, List<ChatMessage> messages, SamplingParams params, Instant deadline,
                       List<ToolDefinition> tools, ToolChoice toolChoice, ResponseFormat responseFormat,
                       Boolean parallelToolCalls) {

    public ChatCall {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        params = params == null ? SamplingParams.DEFAULTS : params;
        Objects.requireNonNull(deadline, "deadline");
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A plain chat call: no tools, text answer. */
    public ChatCall(String model, List<ChatMessage> messages, SamplingParams params, Instant deadline) {
        this(model, messages, params, deadline, null, null, null, null);
    }

    /** The call a request makes to one of its deployments. */
    public static ChatCall of(String deploymentModel, GatewayRequest request) {
        return new ChatCall(deploymentModel, request.messages(), request.params(),
                Instant.ofEpochMilli(request.deadlineMs()), request.tools(), request.toolChoice(),
                request.responseFormat(), request.parallelToolCalls());
    }
}
