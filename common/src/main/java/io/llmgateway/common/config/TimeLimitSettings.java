package io.llmgateway.common.config;

import java.time.Duration;

/**
 * Limits on a streaming provider call (Resilience4j TimeLimiter). A call that exceeds one is
 * cancelled and counted as a timeout; the request's own deadline bounds every call as well.
 *
 * @param firstToken longest wait for the first token (for a non-streamed call: for the answer)
 * @param chunkGap longest silence between two chunks of a stream
 */
public record TimeLimitSettings(Duration firstToken, Duration chunkGap) {

    public static final TimeLimitSettings DEFAULTS = new TimeLimitSettings(null, null);

    public TimeLimitSettings {
        firstToken = firstToken == null ? Duration.ofSeconds(30) : Durations.positive(firstToken, "first_token");
        chunkGap = chunkGap == null ? Duration.ofSeconds(20) : Durations.positive(chunkGap, "chunk_gap");
    }
}
