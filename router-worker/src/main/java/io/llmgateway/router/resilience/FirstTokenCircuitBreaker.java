package io.llmgateway.router.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import java.util.concurrent.TimeUnit;

/**
 * A circuit breaker around a provider call that reports a successful call's time to first token
 * as its duration, so that the breaker's slow-call threshold judges the provider's
 * responsiveness, not the length of the answer (Resilience4j's own decorator would report the
 * whole call). A failure reports the time until it failed. Same protocol as
 * {@link CircuitBreaker#decorateCheckedSupplier}: acquire a permission (or fail fast with
 * {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException}), then exactly one of
 * {@code onSuccess} / {@code onError}.
 */
final class FirstTokenCircuitBreaker {

    private FirstTokenCircuitBreaker() {}

    static CheckedSupplier<Streamed> decorate(CircuitBreaker breaker, CheckedSupplier<Streamed> call) {
        return () -> {
            breaker.acquirePermission();
            long start = System.nanoTime();
            Streamed streamed;
            try {
                streamed = call.get();
            } catch (Throwable failure) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
                throw failure;
            }
            breaker.onSuccess(streamed.firstTokenNanos(), TimeUnit.NANOSECONDS);
            return streamed;
        };
    }
}
