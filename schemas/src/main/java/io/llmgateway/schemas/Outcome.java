package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a request ended, for accounting. */
public enum Outcome {
    @JsonProperty("success") SUCCESS,
    @JsonProperty("rejected") REJECTED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("timeout") TIMEOUT,
    /** The caller went away (a client closed its stream); the usage up to then is still counted. */
    @JsonProperty("cancelled") CANCELLED
}
