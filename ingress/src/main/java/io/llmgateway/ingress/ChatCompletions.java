package io.llmgateway.ingress;

import io.llmgateway.ingress.openai.ChatCompletion;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.TokenUsage;
import java.util.List;
import java.util.Locale;

/** Turns the pipeline's final reply into OpenAI's {@code chat.completion} object. */
public final class ChatCompletions {

    private ChatCompletions() {}

    /**
     * @param nowMs when the answer is written; OpenAI's {@code created} is in seconds
     * @throws ApiError the error of an {@link ReplyKind#ERROR} reply
     */
    public static ChatCompletion from(GatewayRequest request, Reply reply, long nowMs) {
        if (reply.kind() == ReplyKind.ERROR) {
            throw ApiError.fromPipeline(reply.error());
        }
        if (reply.kind() != ReplyKind.FINAL) {
            throw new IllegalArgumentException("a " + reply.kind() + " reply does not complete a request");
        }
        TokenUsage usage = reply.usage();
        return new ChatCompletion(
                id(request.requestId()),
                ChatCompletion.OBJECT,
                nowMs / 1000,
                // The alias the caller asked for, not the provider model that served it.
                request.model(),
                List.of(new ChatCompletion.Choice(0,
                        new ChatCompletion.Message("assistant",
                                reply.content().isEmpty() && !reply.toolCalls().isEmpty() ? null : reply.content(),
                                null, reply.toolCalls().stream().map(call -> new ChatCompletion.ToolCall(call.id(),
                                        "function", new ChatCompletion.Function(call.name(), call.arguments())))
                                        .toList()),
                        null,
                        finishReason(reply.finishReason()))),
                new ChatCompletion.Usage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens()));
    }

    public static String id(String requestId) {
        return "chatcmpl-" + requestId;
    }

    /** OpenAI's names: stop, length, tool_calls, content_filter ("error" has no OpenAI name and stays as is). */
    static String finishReason(FinishReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
