package io.llmgateway.schemas;

/**
 * A piece of a tool call while it streams: the first piece of a call carries its {@code id} and
 * {@code name}, later ones more of its {@code arguments} text. {@code index} tells the calls of
 * one answer apart (0, 1, ... in the order they started).
 */
public record ToolCallDelta(int index, String id, String name, String arguments) {

    public ToolCallDelta {
        Require.nonNegative(index, "tool_call_delta.index");
        arguments = arguments == null ? "" : arguments;
    }
}
