package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A reply is a piece of a stream, the complete answer, or an error; final and error end it. */
public enum ReplyKind {
    @JsonProperty("chunk") CHUNK,
    @JsonProperty("final") FINAL,
    @JsonProperty("error") ERROR;

    public boolean isTerminal() {
        return this != CHUNK;
    }
}
