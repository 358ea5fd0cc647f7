package io.llmgateway.common.config;

import java.time.Duration;

/**
 * One circuit breaker per deployment (Resilience4j, count-based window). A call counts as slow
 * when its first token came later than {@code slowFirstToken}: total duration says more about
 * the answer's length than about the provider's health.
 *
 * @param failureRateThreshold percent of failed calls in the window that opens the breaker
 * @param slowCallRateThreshold percent of slow calls in the window that opens the breaker
 * @param slowFirstToken time to first token above which a call is slow
 * @param slidingWindowSize calls the rates are computed over
 * @param minimumCalls calls needed before the rates count
 * @param waitInOpen how long an open breaker rejects calls before it lets trial calls through
 * @param halfOpenCalls trial calls in the half-open state
 */
public record CircuitBreakerSettings(Float failureRateThreshold, Float slowCallRateThreshold, Duration slowFirstToken,
                                     Integer slidingWindowSize, Integer minimumCalls, Duration waitInOpen,
                                     Integer halfOpenCalls) {

    public static final CircuitBreakerSettings DEFAULTS =
            new CircuitBreakerSettings(null, null, null, null, null, null, null);

    public CircuitBreakerSettings {
        failureRateThreshold = percent(failureRateThreshold, 50f, "failure_rate_threshold");
        slowCallRateThreshold = percent(slowCallRateThreshold, 80f, "slow_call_rate_threshold");
        slowFirstToken = slowFirstToken == null ? Duration.ofSeconds(10) : Durations.positive(slowFirstToken,
                "slow_first_token");
        slidingWindowSize = slidingWindowSize == null ? 20 : atLeastOne(slidingWindowSize, "sliding_window_size");
        minimumCalls = minimumCalls == null ? 10 : atLeastOne(minimumCalls, "minimum_calls");
        waitInOpen = waitInOpen == null ? Duration.ofSeconds(30) : Durations.positive(waitInOpen, "wait_in_open");
        halfOpenCalls = halfOpenCalls == null ? 2 : atLeastOne(halfOpenCalls, "half_open_calls");
    }

    private static float percent(Float value, float fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be a percentage in (0, 100], was " + value);
        }
        return value;
    }

    static int atLeastOne(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be >= 1, was " + value);
        }
        return value;
    }
}
