package io.llmgateway.router.provider;

import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up a streamed answer while a decoder reads it: each method records a piece and returns
 * the delta to pass on; {@link #result} is the whole answer. Tool calls are kept by their index
 * in the answer (0, 1, ...), whatever the provider numbers them by.
 */
public final class StreamAccumulator {

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private TokenUsage usage;
    private FinishReason finishReason;
    private String model;

    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    public ChatDelta text(String piece) {
        if (piece == null || piece.isEmpty()) {
            return ChatDelta.text("");
        }
        text.append(piece);
        return ChatDelta.text(piece);
    }

    /** A piece of tool call {@code index}: its id and name when first seen, then more arguments. */
    public ChatDelta toolCall(int index, String id, String name, String arguments) {
        PendingCall call = calls.computeIfAbsent(index, i -> new PendingCall());
        if (id != null && call.id == null) {
            call.id = id;
        }
        if (name != null && call.name == null) {
            call.name = name;
        }
        if (arguments != null) {
            call.arguments.append(arguments);
        }
        return ChatDelta.toolCall(new ToolCallDelta(index, id, name, arguments));
    }

    public int toolCallCount() {
        return calls.size();
    }

    public void usage(TokenUsage newUsage) {
        this.usage = newUsage;
    }

    public TokenUsage usage() {
        return usage;
    }

    public void finish(FinishReason reason) {
        this.finishReason = reason;
    }

    public boolean finished() {
        return finishReason != null;
    }

    public void model(String servedBy) {
        if (servedBy != null && !servedBy.isBlank()) {
            this.model = servedBy;
        }
    }

    /** The whole answer; a stream that ended without a finish reason stopped naturally. */
    public ChatResult result() {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.forEach((index, call) -> toolCalls.add(new ToolCall(
                call.id != null ? call.id : "call_" + index, call.name != null ? call.name : "unknown",
                call.arguments.toString())));
        FinishReason reason = finishReason != null ? finishReason
                : toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        return new ChatResult(text.toString(), toolCalls, reason, usage, model);
    }
}
