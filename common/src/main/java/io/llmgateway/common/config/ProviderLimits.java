package io.llmgateway.common.config;

import java.time.Duration;

/**
 * What one provider is allowed from one worker: a Resilience4j Bulkhead on concurrent calls and a
 * RateLimiter on the request rate the provider itself allows. A call that cannot get a slot or a
 * permit within its wait falls back to the next deployment (it does not count against the
 * provider's circuit breaker: the provider did nothing wrong).
 *
 * @param maxConcurrent calls in flight at once to this provider
 * @param maxWait how long a call waits for a free slot
 * @param requestsPerSecond the provider's request rate; 0 is unlimited
 * @param maxRateWait how long a call waits for a rate permit
 */
public record ProviderLimits(Integer maxConcurrent, Duration maxWait, Integer requestsPerSecond,
                             Duration maxRateWait) {

    public static final ProviderLimits DEFAULTS = new ProviderLimits(null, null, null, null);

    public ProviderLimits {
        maxConcurrent = maxConcurrent == null ? 512 : CircuitBreakerSettings.atLeastOne(maxConcurrent,
                "max_concurrent");
        maxWait = maxWait == null ? Duration.ofMillis(100) : Durations.nonNegative(maxWait, "max_wait");
        requestsPerSecond = requestsPerSecond == null ? 0 : requestsPerSecond;
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requests_per_second must be >= 0 (0: unlimited), was "
                    + requestsPerSecond);
        }
        maxRateWait = maxRateWait == null ? Duration.ofMillis(500) : Durations.nonNegative(maxRateWait,
                "max_rate_wait");
    }

    public boolean rateLimited() {
        return requestsPerSecond > 0;
    }
}
