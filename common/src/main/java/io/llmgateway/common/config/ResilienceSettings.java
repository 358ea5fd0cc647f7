package io.llmgateway.common.config;

import java.util.Map;

/**
 * How the router protects itself and the providers ({@code router.resilience}). The router
 * composes these as Resilience4j decorators in one place; see router-worker's README for the
 * order.
 *
 * @param circuitBreaker one breaker per deployment
 * @param retry retries of one deployment before falling back to the next
 * @param timeLimits limits on time to first token and on the gap between chunks
 * @param providerLimits per provider name: concurrency (bulkhead) and request rate; the entry
 *     {@code default} applies to providers without their own
 */
public record ResilienceSettings(CircuitBreakerSettings circuitBreaker, RetrySettings retry,
                                 TimeLimitSettings timeLimits, Map<String, ProviderLimits> providerLimits) {

    public static final String DEFAULT_PROVIDER = "default";

    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(null, null, null, null);

    public ResilienceSettings {
        circuitBreaker = circuitBreaker == null ? CircuitBreakerSettings.DEFAULTS : circuitBreaker;
        retry = retry == null ? RetrySettings.DEFAULTS : retry;
        timeLimits = timeLimits == null ? TimeLimitSettings.DEFAULTS : timeLimits;
        providerLimits = providerLimits == null ? Map.of() : Map.copyOf(providerLimits);
    }

    /** The limits of one provider: its own entry, else {@code default}, else the built-in defaults. */
    public ProviderLimits limitsOf(String provider) {
        ProviderLimits own = providerLimits.get(provider);
        if (own != null) {
            return own;
        }
        return providerLimits.getOrDefault(DEFAULT_PROVIDER, ProviderLimits.DEFAULTS);
    }
}
