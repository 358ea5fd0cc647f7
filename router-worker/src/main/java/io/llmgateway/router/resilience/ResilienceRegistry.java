package io.llmgateway.router.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.llmgateway.common.config.CircuitBreakerSettings;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ProviderLimits;
import io.llmgateway.common.config.ResilienceSettings;
import io.llmgateway.common.config.RetrySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Resilience4j instances of one worker, made from {@code router.resilience} and exported as
 * Micrometer metrics ({@code resilience4j.circuitbreaker.*}, {@code resilience4j.retry.*},
 * {@code resilience4j.bulkhead.*}, {@code resilience4j.ratelimiter.*},
 * {@code resilience4j.timelimiter.*}, tagged with the instance's name).
 *
 * <p>Names: a deployment's circuit breaker, retry and time limiters are named by its id
 * ({@code provider/model}; the time limiters add {@code :first-token} and {@code :chunk-gap}); a
 * provider's bulkhead and rate limiter by the provider's name.
 */
public final class ResilienceRegistry {

    private static final Logger log = LoggerFactory.getLogger(ResilienceRegistry.class);

    private final ResilienceSettings settings;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final TimeLimiterRegistry timeLimiters;
    private final BulkheadRegistry bulkheads;
    private final RateLimiterRegistry rateLimiters;

    public ResilienceRegistry(ResilienceSettings settings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.circuitBreakers = CircuitBreakerRegistry.of(circuitBreakerConfig(settings.circuitBreaker(), clock));
        this.retries = RetryRegistry.of(retryConfig(settings.retry()));
        this.timeLimiters = TimeLimiterRegistry.ofDefaults();
        this.bulkheads = BulkheadRegistry.ofDefaults();
        this.rateLimiters = RateLimiterRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        circuitBreakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(event -> log.warn("circuit breaker {}: {}", event.getCircuitBreakerName(),
                        event.getStateTransition())));
    }

    /**
     * Failures that say the deployment is unhealthy open its breaker; the request's own faults, a
     * caller going away, and the worker's own limits (bulkhead, rate limiter) neither count for
     * nor against it. The slow-call threshold is applied to time to first token (see
     * {@link FirstTokenCircuitBreaker}).
     */
    private static CircuitBreakerConfig circuitBreakerConfig(CircuitBreakerSettings cb, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .slowCallRateThreshold(cb.slowCallRateThreshold())
                .slowCallDurationThreshold(cb.slowFirstToken())
                .waitDurationInOpenState(cb.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(cb.halfOpenCalls())
                .recordException(ResilienceRegistry::saysDeploymentIsUnhealthy)
                .ignoreException(failure -> !saysDeploymentIsUnhealthy(failure))
                .clock(clock)
                .build();
    }

    private static boolean saysDeploymentIsUnhealthy(Throwable failure) {
        return failure instanceof AttemptFailure attempt && attempt.providerFailure() != null
                && Verdict.isProviderHealthFailure(attempt.providerFailure().kind());
    }

    /**
     * Retries only what {@link GuardedCall} marked retryable for this request (a transient failure,
     * nothing sent to the caller yet, the wait fits the deadline and the retry-after cap). The wait
     * is the provider's {@code retry-after} when it sent one, else exponential with jitter.
     */
    private static RetryConfig retryConfig(RetrySettings retry) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(),
                retry.multiplier(), retry.jitter(), retry.maxBackoff());
        IntervalBiFunction<Object> waitBeforeRetry = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure failure
                    && failure.retryAfterMs() != null) {
                return failure.retryAfterMs();
            }
            return backoff.apply(attempt);
        };
        return RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalBiFunction(waitBeforeRetry)
                .retryOnException(failure -> failure instanceof AttemptFailure attempt && attempt.retryable())
                .failAfterMaxAttempts(false)
                .build();
    }

    public ResilienceSettings settings() {
        return settings;
    }

    public CircuitBreaker circuitBreaker(Deployment deployment) {
        return circuitBreakers.circuitBreaker(deployment.id());
    }

    public Retry retry(Deployment deployment) {
        return retries.retry(deployment.id());
    }

    /** Limits the wait for the first token (for a call that does not stream: for the answer). */
    public TimeLimiter firstTokenLimiter(Deployment deployment) {
        return timeLimiters.timeLimiter(deployment.id() + ":first-token", () -> TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeLimits().firstToken())
                .cancelRunningFuture(false) // the futures waited on are signals; the call is cancelled on its own
                .build());
    }

    /** Limits the silence between two chunks of a stream. */
    public TimeLimiter chunkGapLimiter(Deployment deployment) {
        return timeLimiters.timeLimiter(deployment.id() + ":chunk-gap", () -> TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeLimits().chunkGap())
                .cancelRunningFuture(false)
                .build());
    }

    public Bulkhead bulkhead(String provider) {
        ProviderLimits limits = settings.limitsOf(provider);
        return bulkheads.bulkhead(provider, () -> BulkheadConfig.custom()
                .maxConcurrentCalls(limits.maxConcurrent())
                .maxWaitDuration(limits.maxWait())
                .build());
    }

    /** Empty when the provider's request rate is not limited. */
    public Optional<RateLimiter> rateLimiter(String provider) {
        ProviderLimits limits = settings.limitsOf(provider);
        if (!limits.rateLimited()) {
            return Optional.empty();
        }
        return Optional.of(rateLimiters.rateLimiter(provider, () -> RateLimiterConfig.custom()
                .limitForPeriod(limits.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(limits.maxRateWait())
                .build()));
    }

    /** Whether the deployment's breaker lets calls through now (closed or half-open). */
    public boolean isHealthy(Deployment deployment) {
        CircuitBreaker.State state = circuitBreaker(deployment).getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** The local rejection an exception of Resilience4j stands for; empty for anything else. */
    static Optional<AttemptFailure.Rejection> rejectionOf(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return Optional.of(AttemptFailure.Rejection.CIRCUIT_OPEN);
        }
        if (failure instanceof BulkheadFullException) {
            return Optional.of(AttemptFailure.Rejection.BULKHEAD_FULL);
        }
        if (failure instanceof RequestNotPermitted) {
            return Optional.of(AttemptFailure.Rejection.RATE_LIMIT_REACHED);
        }
        return Optional.empty();
    }
}
