package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why generation ended, normalized across providers. */
public enum FinishReason {
    @JsonProperty("stop") STOP,
    @JsonProperty("length") LENGTH,
    @JsonProperty("tool_calls") TOOL_CALLS,
    @JsonProperty("content_filter") CONTENT_FILTER,
    @JsonProperty("error") ERROR
}
