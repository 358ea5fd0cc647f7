package io.llmgateway.router.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmgateway.common.config.CircuitBreakerSettings;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ProviderLimits;
import io.llmgateway.common.config.ResilienceSettings;
import io.llmgateway.common.config.RetrySettings;
import io.llmgateway.common.config.TimeLimitSettings;
import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderClient;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.StreamListener;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decorators of {@link GuardedCall} around a scripted provider: no network, no broker. */
class GuardedCallTest {

    private static final Deployment DEPLOYMENT = new Deployment("p", "m", 0, 1);
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(
            new CircuitBreakerSettings(50f, 100f, Duration.ofSeconds(5), 4, 4, Duration.ofSeconds(30), 1),
            new RetrySettings(3, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(50), Duration.ofSeconds(1)),
            new TimeLimitSettings(Duration.ofMillis(500), Duration.ofMillis(500)),
            Map.of("p", new ProviderLimits(1, Duration.ZERO, null, null)));

    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final ResilienceRegistry registry = new ResilienceRegistry(SETTINGS, new SimpleMeterRegistry(),
            Clock.systemUTC());
    private final GuardedCall guarded = new GuardedCall(registry, calls, Clock.systemUTC());
    private final List<String> toCaller = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        calls.shutdownNow();
    }

    /** What the scripted provider does on each call. */
    @FunctionalInterface
    interface Script {
        ChatResult run(int call, StreamListener listener, Cancellation cancellation) throws Exception;
    }

    private static ProviderClient provider(Script script) {
        AtomicInteger calls = new AtomicInteger();
        return new ProviderClient() {
            @Override
            public ChatResult complete(ChatCall call) {
                throw new UnsupportedOperationException("the router always streams");
            }

            @Override
            public ChatResult stream(ChatCall call, StreamListener listener, Cancellation cancellation)
                    throws ProviderException, InterruptedException {
                try {
                    return script.run(calls.incrementAndGet(), listener, cancellation);
                } catch (ProviderException | InterruptedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private CallContext context(boolean streaming) {
        return new CallContext(Instant.now().plusSeconds(30), Clock.systemUTC(),
                streaming ? (from, delta) -> toCaller.add(delta.text()) : null, Cancellation.none());
    }

    private static ChatCall call() {
        return new ChatCall("m", List.of(ChatMessage.user("hi")), null, Instant.now().plusSeconds(30));
    }

    private static ChatResult answer(String text) {
        return new ChatResult(text, FinishReason.STOP, null, "m");
    }

    /** Blocks until cancelled, then fails the way an adapter does. */
    private static ChatResult silentUntilCancelled(Cancellation cancellation) throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        cancelled.await(10, TimeUnit.SECONDS);
        throw ProviderException.cancelled("stopped");
    }

    @Test
    void noFirstTokenInTimeIsATimeoutThatCancelsTheCallAndIsRetried() throws Exception {
        List<Boolean> cancelled = new CopyOnWriteArrayList<>();
        ProviderClient provider = provider((n, listener, cancellation) -> {
            if (n == 1) {
                cancellation.onCancel(() -> cancelled.add(true));
                return silentUntilCancelled(cancellation);
            }
            listener.onDelta(ChatDelta.text("hello"));
            return answer("hello");
        });

        Streamed streamed = guarded.call(DEPLOYMENT, provider, call(), context(false));

        assertThat(streamed.result().content()).isEqualTo("hello");
        assertThat(cancelled).containsExactly(true);
    }

    @Test
    void aSilentGapAfterAChunkSentToTheCallerEndsTheAttemptWithoutRetry() {
        CallContext context = context(true);
        ProviderClient provider = provider((n, listener, cancellation) -> {
            listener.onDelta(ChatDelta.text("one "));
            return silentUntilCancelled(cancellation);
        });

        assertThatThrownBy(() -> guarded.call(DEPLOYMENT, provider, call(), context))
                .isInstanceOfSatisfying(AttemptFailure.class, failure -> {
                    assertThat(failure.afterChunksSent()).isTrue();
                    assertThat(failure.attempt().reason()).isEqualTo("chunk_gap_timeout");
                });
        assertThat(context.providerCalls()).isEqualTo(1);
        assertThat(toCaller).containsExactly("one ");
    }

    @Test
    void timeSpentHandingAChunkToTheCallerIsNotTheProvidersSilence() throws Exception {
        CallContext slowCaller = new CallContext(Instant.now().plusSeconds(30), Clock.systemUTC(), (from, delta) -> {
            Thread.sleep(1_000); // e.g. the first send waits for the reply topic's metadata
            toCaller.add(delta.text());
        }, Cancellation.none());
        ProviderClient provider = provider((n, listener, cancellation) -> {
            listener.onDelta(ChatDelta.text("one "));
            listener.onDelta(ChatDelta.text("two"));
            return answer("one two");
        });

        assertThat(guarded.call(DEPLOYMENT, provider, call(), slowCaller).result().content()).isEqualTo("one two");
        assertThat(toCaller).containsExactly("one ", "two");
    }

    @Test
    void aRetryAfterIsWaitedBeforeTheNextTry() throws Exception {
        List<Long> callTimes = new CopyOnWriteArrayList<>();
        ProviderClient provider = provider((n, listener, cancellation) -> {
            callTimes.add(System.nanoTime());
            if (n == 1) {
                throw ProviderException.reported(ProviderException.Kind.RATE_LIMITED, 429, null, "slow down", 300L);
            }
            return answer("ok");
        });

        guarded.call(DEPLOYMENT, provider, call(), context(false));

        // The backoff alone would be 10 ms.
        assertThat(Duration.ofNanos(callTimes.get(1) - callTimes.get(0))).isBetween(Duration.ofMillis(300),
                Duration.ofMillis(3_000));
    }

    @Test
    void aRetryAfterAboveTheCapIsNotWaitedFor() {
        CallContext context = context(false);
        ProviderClient provider = provider((n, listener, cancellation) -> {
            throw ProviderException.reported(ProviderException.Kind.RATE_LIMITED, 429, null, "later", 60_000L);
        });

        assertThatThrownBy(() -> guarded.call(DEPLOYMENT, provider, call(), context))
                .isInstanceOf(AttemptFailure.class);
        assertThat(context.providerCalls()).isEqualTo(1);
    }

    @Test
    void theRequestsOwnFaultIsNeitherRetriedNorHeldAgainstTheDeployment() {
        CallContext context = context(false);
        ProviderClient provider = provider((n, listener, cancellation) -> {
            throw ProviderException.reported(ProviderException.Kind.BAD_REQUEST, 400, null, "bad", null);
        });

        assertThatThrownBy(() -> guarded.call(DEPLOYMENT, provider, call(), context))
                .isInstanceOfSatisfying(AttemptFailure.class,
                        failure -> assertThat(failure.verdict()).isEqualTo(Verdict.ANSWER));
        assertThat(context.providerCalls()).isEqualTo(1);
        assertThat(registry.circuitBreaker(DEPLOYMENT).getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void anOpenBreakerRejectsWithoutCallingTheProvider() {
        registry.circuitBreaker(DEPLOYMENT).transitionToOpenState();
        CallContext context = context(false);

        assertThatThrownBy(() -> guarded.call(DEPLOYMENT, provider((n, l, c) -> answer("never")), call(), context))
                .isInstanceOfSatisfying(AttemptFailure.class, failure -> {
                    assertThat(failure.rejection()).isEqualTo(AttemptFailure.Rejection.CIRCUIT_OPEN);
                    assertThat(failure.verdict()).isEqualTo(Verdict.FALL_BACK);
                });
        assertThat(context.providerCalls()).isZero();
        assertThat(registry.isHealthy(DEPLOYMENT)).isFalse();
    }

    @Test
    void beyondTheProvidersRequestRateACallIsRejectedWithoutReachingIt() throws Exception {
        ResilienceRegistry limited = new ResilienceRegistry(new ResilienceSettings(null, null, null,
                Map.of("p", new ProviderLimits(null, null, 1, Duration.ZERO))), new SimpleMeterRegistry(),
                Clock.systemUTC());
        GuardedCall rateLimited = new GuardedCall(limited, calls, Clock.systemUTC());
        ProviderClient provider = provider((n, listener, cancellation) -> answer("ok"));
        rateLimited.call(DEPLOYMENT, provider, call(), context(false));
        CallContext second = context(false);

        assertThatThrownBy(() -> rateLimited.call(DEPLOYMENT, provider, call(), second))
                .isInstanceOfSatisfying(AttemptFailure.class, failure ->
                        assertThat(failure.rejection()).isEqualTo(AttemptFailure.Rejection.RATE_LIMIT_REACHED));
        assertThat(second.providerCalls()).isZero();
    }

    @Test
    void aFullBulkheadRejectsAndIsNotHeldAgainstTheBreaker() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProviderClient provider = provider((n, listener, cancellation) -> {
            listener.onDelta(ChatDelta.text("x"));
            inside.countDown();
            release.await();
            return answer("x");
        });
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                guarded.call(DEPLOYMENT, provider, call(), context(false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> guarded.call(DEPLOYMENT, provider, call(), context(false)))
                .isInstanceOfSatisfying(AttemptFailure.class,
                        failure -> assertThat(failure.rejection()).isEqualTo(AttemptFailure.Rejection.BULKHEAD_FULL));
        release.countDown();
        first.join();
        CircuitBreaker.Metrics metrics = registry.circuitBreaker(DEPLOYMENT).getMetrics();
        assertThat(metrics.getNumberOfFailedCalls()).isZero();
        assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(1);
    }
}
