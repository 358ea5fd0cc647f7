package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.Message;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Turns the pipeline's final reply into Anthropic's {@code Message} object. */
final class AnthropicMessages {

    private AnthropicMessages() {}

    /**
     * @throws ApiError the error of an {@link ReplyKind#ERROR} reply
     */
    static Message from(GatewayRequest request, Reply reply) {
        if (reply.kind() == ReplyKind.ERROR) {
            throw ApiError.fromPipeline(reply.error());
        }
        if (reply.kind() != ReplyKind.FINAL) {
            throw new IllegalArgumentException("a " + reply.kind() + " reply does not complete a request");
        }
        List<Object> content = new ArrayList<>();
        // Anthropic answers an empty turn with no blocks at all, not an empty text block.
        if (!reply.content().isEmpty()) {
            content.add(Message.TextBlock.of(reply.content()));
        }
        for (ToolCall call : reply.toolCalls()) {
            content.add(Message.ToolUseBlock.of(call.id(), call.name(), input(call.arguments())));
        }
        return new Message(id(request.requestId()), Message.TYPE, "assistant", content,
                // The alias the caller asked for, not the provider model that served it.
                request.model(), stopReason(reply.finishReason()), null, usage(reply.usage()));
    }

    static String id(String requestId) {
        return "msg_" + requestId;
    }

    /**
     * Anthropic's names. The unified format does not say whether a stop sequence ended the answer
     * (nor which), so a stop is always {@code end_turn}; a content filter is Anthropic's
     * {@code refusal}.
     */
    static String stopReason(FinishReason reason) {
        return switch (reason) {
            case STOP, ERROR -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    /** Anthropic counts the input read from its prompt cache apart from {@code input_tokens}; the unified count has it in. */
    static Message.Usage usage(TokenUsage usage) {
        int cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
        return new Message.Usage(usage.inputTokens() - cached, usage.outputTokens(), 0, cached);
    }

    /**
     * A tool call's arguments as the object Anthropic's {@code input} must be. Arguments a model
     * wrote that are not a JSON object are wrapped as {@code {"arguments": "<text>"}}, so the
     * caller still sees them.
     */
    static ObjectNode input(String arguments) {
        try {
            JsonNode parsed = AnthropicJson.MAPPER.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (JacksonException e) {
            // not JSON: wrapped below
        }
        return AnthropicJson.MAPPER.createObjectNode().put("arguments", arguments);
    }
}
