package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether and which tool the model must call.
 *
 * @param name the function to call, for {@link Mode#TOOL} only
 */
public record ToolChoice(Mode mode, String name) {

    public enum Mode {
        /** The model decides. */
        @JsonProperty("auto") AUTO,
        /** No tool call. */
        @JsonProperty("none") NONE,
        /** At least one tool call, of the model's choice. */
        @JsonProperty("required") REQUIRED,
        /** A call of the named tool. */
        @JsonProperty("tool") TOOL
    }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    public ToolChoice {
        Require.nonNull(mode, "tool_choice.mode");
        if (mode == Mode.TOOL) {
            Require.nonBlank(name, "tool_choice.name");
        } else if (name != null) {
            throw new IllegalArgumentException("tool_choice.name is only for mode 'tool'");
        }
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
