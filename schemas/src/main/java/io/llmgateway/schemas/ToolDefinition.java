package io.llmgateway.schemas;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param parameters a JSON Schema of the arguments object; null means no parameters
 * @param strict OpenAI's strict schema adherence; null when not asked
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict) {

    public ToolDefinition {
        Require.nonBlank(name, "tool.name");
        if (parameters != null && !parameters.isObject()) {
            throw new IllegalArgumentException("tool.parameters must be a JSON Schema object");
        }
    }
}
