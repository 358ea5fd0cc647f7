package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who wrote a message in a conversation. */
public enum Role {
    @JsonProperty("system") SYSTEM,
    @JsonProperty("user") USER,
    @JsonProperty("assistant") ASSISTANT,
    @JsonProperty("tool") TOOL
}
