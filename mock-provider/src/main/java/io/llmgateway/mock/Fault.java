package io.llmgateway.mock;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A failure the mock injects into the requests its {@link MockBehavior} selects. */
public enum Fault {
    /** Answer normally. */
    @JsonProperty("none") NONE,
    /** Answer with an HTTP error status and an OpenAI error body ({@code retry-after} on 429). */
    @JsonProperty("status") STATUS,
    /** Never answer: the caller's timeout is what ends the request. */
    @JsonProperty("hang") HANG,
    /** Send part of the answer, then drop the connection. */
    @JsonProperty("cut_stream") CUT_STREAM,
    /** Send part of a stream, then nothing more with the connection left open (a stalled generation). */
    @JsonProperty("stall_stream") STALL_STREAM,
    /** Send part of a stream, then an event whose data is not JSON. */
    @JsonProperty("malformed_stream") MALFORMED_STREAM
}
