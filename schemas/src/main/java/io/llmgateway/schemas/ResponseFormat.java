package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shape the answer must take.
 *
 * @param name the schema's name, for {@link Type#JSON_SCHEMA}
 * @param schema the JSON Schema, for {@link Type#JSON_SCHEMA}
 */
public record ResponseFormat(Type type, String name, JsonNode schema, Boolean strict) {

    public enum Type {
        @JsonProperty("text") TEXT,
        /** Any JSON object. */
        @JsonProperty("json_object") JSON_OBJECT,
        /** JSON matching {@code schema}. */
        @JsonProperty("json_schema") JSON_SCHEMA
    }

    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, null, null);
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Type.JSON_OBJECT, null, null, null);

    public ResponseFormat {
        Require.nonNull(type, "response_format.type");
        if (type == Type.JSON_SCHEMA) {
            Require.nonBlank(name, "response_format.name");
            if (schema == null || !schema.isObject()) {
                throw new IllegalArgumentException("response_format.schema must be a JSON Schema object");
            }
        }
    }
}
