package io.llmgateway.schemas;

/**
 * A function call the model asked for.
 *
 * @param id the provider's id (or one the adapter made up when the provider has none); a tool
 *     result names it
 * @param arguments the arguments as JSON text, as the model wrote them (it may not parse)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Require.nonBlank(id, "tool_call.id");
        Require.nonBlank(name, "tool_call.name");
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }
}
