package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Interactive work is served before batch work at every stage. */
public enum Priority {
    @JsonProperty("interactive") INTERACTIVE,
    @JsonProperty("batch") BATCH
}
