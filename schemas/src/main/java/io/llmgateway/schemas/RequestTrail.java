package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Where a request came from and what it went through, as the stage that ends it saw: carried on
 * the {@link UsageRecord} so that accounting can write the request log without asking any other
 * stage. Facts only, never prompt or answer text.
 *
 * @param api the API the caller spoke ({@code openai}, {@code anthropic}); null for a batch producer
 * @param replyTopic where the answer went: a batch job's reply topic names the job
 * @param createdAtMs when the ingress (or batch producer) made the request
 * @param admittedAtMs when admission reserved for it; null when it was not admitted
 * @param attempts every provider call, in order; empty when none was made
 */
public record RequestTrail(
        String api,
        boolean stream,
        Priority priority,
        String replyTopic,
        long createdAtMs,
        Long admittedAtMs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttemptRecord> attempts) {

    public RequestTrail {
        priority = priority == null ? Priority.INTERACTIVE : priority;
        Require.nonNegative(createdAtMs, "trail.created_at_ms");
        attempts = Require.copyOrEmpty(attempts);
    }

    /** The trail of a request as it travels, before any provider call. */
    public static RequestTrail of(GatewayRequest request) {
        return new RequestTrail(request.api(), request.stream(), request.priority(), request.replyTopic(),
                request.createdAtMs(), request.reservation() == null ? null : request.reservation().admittedAtMs(),
                List.of());
    }

    /** The same trail with the provider calls made. */
    public RequestTrail withAttempts(List<AttemptRecord> made) {
        return new RequestTrail(api, stream, priority, replyTopic, createdAtMs, admittedAtMs, made);
    }

    /**
     * One provider call: which deployment, how it ended and how long it took.
     *
     * @param status the provider's HTTP status; 0 when it gave none (no connection, timeout, local rejection)
     * @param reason {@code ok} for the call that answered, else a short code ({@code server_error},
     *     {@code rate_limited}, {@code circuit_open}, ...)
     */
    public record AttemptRecord(String provider, String model, int status, String reason, long durationMs) {

        public AttemptRecord {
            Require.nonBlank(provider, "attempt.provider");
            Require.nonBlank(reason, "attempt.reason");
            Require.nonNegative(durationMs, "attempt.duration_ms");
        }
    }
}
