package io.llmgateway.common.config;

import java.time.Duration;

/**
 * Retries of one deployment (Resilience4j Retry) before the router falls back to the next one.
 * Only transient failures are retried (rate limited, server errors, timeouts, no connection, a
 * broken answer); the wait is exponential with jitter, or the provider's {@code retry-after}
 * ({@code retry-after-ms}) when it sent one.
 *
 * @param maxAttempts calls of one deployment per request, the first included (1: no retry)
 * @param initialBackoff wait before the first retry
 * @param multiplier growth of the wait per retry
 * @param jitter randomization factor of the wait, 0 (none) to 1 (0 to twice the wait)
 * @param maxBackoff longest computed wait
 * @param maxRetryAfter a provider asking to wait longer than this is not retried: the router
 *     falls back at once (nor is it retried when the wait would pass the request's deadline)
 */
public record RetrySettings(Integer maxAttempts, Duration initialBackoff, Double multiplier, Double jitter,
                            Duration maxBackoff, Duration maxRetryAfter) {

    public static final RetrySettings DEFAULTS = new RetrySettings(null, null, null, null, null, null);

    public RetrySettings {
        maxAttempts = maxAttempts == null ? 2 : CircuitBreakerSettings.atLeastOne(maxAttempts, "max_attempts");
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200)
                : Durations.positive(initialBackoff, "initial_backoff");
        multiplier = multiplier == null ? 2.0 : multiplier;
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        jitter = jitter == null ? 0.5 : jitter;
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : Durations.positive(maxBackoff, "max_backoff");
        maxRetryAfter = maxRetryAfter == null ? Duration.ofSeconds(20)
                : Durations.positive(maxRetryAfter, "max_retry_after");
    }
}
