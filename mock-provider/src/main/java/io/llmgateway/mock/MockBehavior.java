package io.llmgateway.mock;

import io.llmgateway.common.config.MockProviderSettings;
import java.time.Duration;

/**
 * How the mock answers, changeable at run time ({@code PUT /mock/behavior} or
 * {@link MockProviderServer#behave}). JSON fields are snake_case; durations are milliseconds.
 *
 * @param latencyMs before the whole answer (non-streaming) or before the first token (streaming)
 * @param tokensPerSecond generation speed after the first token, streaming or not; 0 is instant
 * @param response the answer's text; null echoes the last user message
 * @param fault the failure to inject into selected requests
 * @param faultNext the fault hits only the next this many requests; 0: see {@code faultFraction}
 * @param faultFraction with no {@code faultNext}, the share of requests the fault hits (0..1);
 *     0 with 0 means every request
 * @param status the HTTP status of a {@link Fault#STATUS} fault
 * @param retryAfterSeconds the {@code retry-after} of a 429; 0 leaves the header out
 * @param cutAfterTokens how many tokens a {@link Fault#CUT_STREAM}, {@link Fault#STALL_STREAM} or
 *     {@link Fault#MALFORMED_STREAM} sends before its fault
 * @param errorCode the OpenAI error {@code code} of a {@link Fault#STATUS} fault (e.g.
 *     {@code context_length_exceeded}, {@code content_filter}); null: the status's usual one
 * @param retryAfterMs the {@code retry-after-ms} header of a 429 or 503; 0 leaves it out
 */
public record MockBehavior(
        long latencyMs,
        double tokensPerSecond,
        String response,
        Fault fault,
        int faultNext,
        double faultFraction,
        int status,
        long retryAfterSeconds,
        int cutAfterTokens,
        String errorCode,
        long retryAfterMs) {

    public MockBehavior {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency_ms must be >= 0");
        }
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokens_per_second must be >= 0");
        }
        fault = fault == null ? Fault.NONE : fault;
        if (faultNext < 0) {
            throw new IllegalArgumentException("fault_next must be >= 0");
        }
        if (faultFraction < 0 || faultFraction > 1) {
            throw new IllegalArgumentException("fault_fraction must be between 0 and 1");
        }
        if (fault == Fault.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs a status between 400 and 599, was " + status);
        }
        if (retryAfterSeconds < 0 || cutAfterTokens < 0 || retryAfterMs < 0) {
            throw new IllegalArgumentException("retry_after_seconds, retry_after_ms and cut_after_tokens must be >= 0");
        }
    }

    /** Without an error code or {@code retry-after-ms}. */
    public MockBehavior(long latencyMs, double tokensPerSecond, String response, Fault fault, int faultNext,
                        double faultFraction, int status, long retryAfterSeconds, int cutAfterTokens) {
        this(latencyMs, tokensPerSecond, response, fault, faultNext, faultFraction, status, retryAfterSeconds,
                cutAfterTokens, null, 0);
    }

    /** Echoes at once, no faults. */
    public static final MockBehavior DEFAULT = new MockBehavior(0, 0, null, Fault.NONE, 0, 0, 0, 0, 0);

    /** The behaviour the config file's {@code mock_provider} section asks for. */
    public static MockBehavior from(MockProviderSettings settings) {
        return DEFAULT.withLatency(settings.latency()).withTokensPerSecond(settings.tokensPerSecond())
                .withResponse(settings.response());
    }

    public Duration latency() {
        return Duration.ofMillis(latencyMs);
    }

    public MockBehavior withLatency(Duration latency) {
        return new MockBehavior(latency.toMillis(), tokensPerSecond, response, fault, faultNext, faultFraction, status,
                retryAfterSeconds, cutAfterTokens, errorCode, retryAfterMs);
    }

    public MockBehavior withTokensPerSecond(double newTokensPerSecond) {
        return new MockBehavior(latencyMs, newTokensPerSecond, response, fault, faultNext, faultFraction, status,
                retryAfterSeconds, cutAfterTokens, errorCode, retryAfterMs);
    }

    /** A fixed answer; null echoes the last user message. */
    public MockBehavior withResponse(String text) {
        return new MockBehavior(latencyMs, tokensPerSecond, text, fault, faultNext, faultFraction, status,
                retryAfterSeconds, cutAfterTokens, errorCode, retryAfterMs);
    }

    /** The next {@code requests} requests get {@code httpStatus} with an OpenAI error body. */
    public MockBehavior failingNext(int requests, int httpStatus) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.STATUS, requests, 0, httpStatus,
                retryAfterSeconds, cutAfterTokens, errorCode, retryAfterMs);
    }

    /** About {@code fraction} of all requests get {@code httpStatus}. */
    public MockBehavior failingFraction(double fraction, int httpStatus) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.STATUS, 0, fraction, httpStatus,
                retryAfterSeconds, cutAfterTokens, errorCode, retryAfterMs);
    }

    /** The {@code retry-after} header of 429 answers. */
    public MockBehavior withRetryAfter(Duration retryAfter) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, fault, faultNext, faultFraction, status,
                retryAfter.toSeconds(), cutAfterTokens, errorCode, retryAfterMs);
    }

    /** The next {@code requests} requests never get an answer. */
    public MockBehavior hangingNext(int requests) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.HANG, requests, 0, 0, retryAfterSeconds,
                cutAfterTokens, errorCode, retryAfterMs);
    }

    /** The next {@code requests} requests lose their connection after {@code tokens} tokens. */
    public MockBehavior cuttingNext(int requests, int tokens) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.CUT_STREAM, requests, 0, 0,
                retryAfterSeconds, tokens, errorCode, retryAfterMs);
    }

    /** The next {@code requests} streams go silent after {@code tokens} tokens, the connection left open. */
    public MockBehavior stallingNext(int requests, int tokens) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.STALL_STREAM, requests, 0, 0,
                retryAfterSeconds, tokens, errorCode, retryAfterMs);
    }

    /** The next {@code requests} streams send an event that is not JSON after {@code tokens} tokens. */
    public MockBehavior malformedNext(int requests, int tokens) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, Fault.MALFORMED_STREAM, requests, 0, 0,
                retryAfterSeconds, tokens, errorCode, retryAfterMs);
    }

    /** The OpenAI error {@code code} of status faults, e.g. {@code context_length_exceeded}. */
    public MockBehavior withErrorCode(String code) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, fault, faultNext, faultFraction, status,
                retryAfterSeconds, cutAfterTokens, code, retryAfterMs);
    }

    /** The {@code retry-after-ms} header of 429 and 503 answers (OpenAI's precise form of retry-after). */
    public MockBehavior withRetryAfterMs(long millis) {
        return new MockBehavior(latencyMs, tokensPerSecond, response, fault, faultNext, faultFraction, status,
                retryAfterSeconds, cutAfterTokens, errorCode, millis);
    }
}
