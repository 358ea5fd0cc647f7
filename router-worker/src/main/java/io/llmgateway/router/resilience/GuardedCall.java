package io.llmgateway.router.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderClient;
import io.llmgateway.router.provider.ProviderException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one deployment for one request under its Resilience4j decorators. This is the one place
 * they are composed; the order, outermost first:
 *
 * <ol>
 *   <li><b>Retry</b> (per deployment): retries a transient failure with exponential backoff and
 *       jitter, or after the provider's {@code retry-after}. Outermost so that every retry goes
 *       through everything below again: a breaker that opened meanwhile stops the retries, and a
 *       retry takes a new rate permit and bulkhead slot.
 *   <li><b>CircuitBreaker</b> (per deployment): rejects at once while open; records failures that
 *       say the deployment is unhealthy and, as the call's duration, its time to first token (slow
 *       calls). Outside the limits below, so an open breaker costs no permit or slot, and their
 *       rejections are not held against the provider.
 *   <li><b>RateLimiter</b> (per provider, optional): the provider's own request rate.
 *   <li><b>Bulkhead</b> (per provider): calls in flight to the provider.
 *   <li><b>TimeLimiter</b> x2 (per deployment, {@link TimeLimitedStream}): first token, then every
 *       gap between chunks; the request's deadline bounds both.
 *   <li>the provider call, always streamed (so both limits apply; a caller that did not ask for a
 *       stream sees only the whole answer).
 * </ol>
 *
 * A rejection (breaker open, bulkhead full, no rate permit) is not retried: the router falls back.
 */
public final class GuardedCall {

    private static final Logger log = LoggerFactory.getLogger(GuardedCall.class);

    private final ResilienceRegistry registry;
    private final TimeLimitedStream stream;
    private final Tracing tracing;
    private final Clock clock;

    /** @param calls runs each provider call on a thread of its own (virtual threads) */
    public GuardedCall(ResilienceRegistry registry, ExecutorService calls, Clock clock) {
        this(registry, calls, clock, Tracing.off());
    }

    /** @param tracing makes one span per provider call, a child of the router's */
    public GuardedCall(ResilienceRegistry registry, ExecutorService calls, Clock clock, Tracing tracing) {
        this.registry = registry;
        this.stream = new TimeLimitedStream(Tracing.carryingContext(calls), clock);
        this.tracing = tracing;
        this.clock = clock;
    }

    public Streamed call(Deployment deployment, ProviderClient client, ChatCall call, CallContext context)
            throws AttemptFailure, InterruptedException {
        CheckedSupplier<Streamed> attempt = () -> once(deployment, client, call, context);
        attempt = Bulkhead.decorateCheckedSupplier(registry.bulkhead(deployment.provider()), attempt);
        Optional<RateLimiter> rateLimiter = registry.rateLimiter(deployment.provider());
        if (rateLimiter.isPresent()) {
            attempt = RateLimiter.decorateCheckedSupplier(rateLimiter.get(), attempt);
        }
        CircuitBreaker breaker = registry.circuitBreaker(deployment);
        attempt = FirstTokenCircuitBreaker.decorate(breaker, attempt);
        attempt = Retry.decorateCheckedSupplier(registry.retry(deployment), attempt);
        try {
            return attempt.get();
        } catch (AttemptFailure failure) {
            if (Thread.interrupted()) { // Retry turns an interrupted backoff into its last failure
                throw new InterruptedException("interrupted while retrying " + deployment.id());
            }
            throw failure;
        } catch (InterruptedException | RuntimeException | Error e) {
            Optional<AttemptFailure.Rejection> rejection = ResilienceRegistry.rejectionOf(e);
            if (rejection.isPresent()) {
                throw AttemptFailure.rejected(deployment, rejection.get(), e);
            }
            throw e;
        } catch (Throwable unexpected) {
            throw new IllegalStateException("calling " + deployment.id() + " failed unexpectedly", unexpected);
        }
    }

    /**
     * One provider call: the innermost step, under the time limiters; one span each (a retry is
     * another), with the GenAI attributes of the call and of its answer. The call runs on another
     * thread, which {@link Tracing#carryingContext} gives this span's context: the provider gets
     * its {@code traceparent}.
     */
    private Streamed once(Deployment deployment, ProviderClient client, ChatCall call, CallContext context)
            throws AttemptFailure, InterruptedException {
        context.countProviderCall();
        try (Stage span = tracing.clientStage(GenAiAttributes.CHAT + " " + call.model())) {
            describe(span, deployment, client, call);
            long startedMs = clock.millis();
            try {
                Streamed answer = stream.run(client, call, context.listener(deployment),
                        registry.firstTokenLimiter(deployment), registry.chunkGapLimiter(deployment),
                        context.cancellation());
                context.called(new Attempt(deployment.provider(), deployment.model(), 200, "ok"),
                        clock.millis() - startedMs);
                describe(span, answer);
                return answer;
            } catch (ProviderException e) {
                span.failed(e.kind().name().toLowerCase(Locale.ROOT));
                throw called(failed(deployment, e, null, context), context, startedMs);
            } catch (TimeLimitedStream.TimeLimitExceeded e) {
                span.failed("timeout");
                throw called(failed(deployment, ProviderException.timeout(deployment.id() + ": " + e.getMessage(), e),
                        e.reason(), context), context, startedMs);
            }
        }
    }

    private static void describe(Stage span, Deployment deployment, ProviderClient client, ChatCall call) {
        span.set(GenAiAttributes.STAGE, "provider")
                .set(GenAiAttributes.OPERATION_NAME, GenAiAttributes.CHAT)
                .set(GenAiAttributes.PROVIDER_NAME, client.genAiProviderName())
                .set(GenAiAttributes.PROVIDER, deployment.provider())
                .set(GenAiAttributes.REQUEST_MODEL, call.model())
                .set(GenAiAttributes.REQUEST_MAX_TOKENS, call.params().maxTokens())
                .set(GenAiAttributes.REQUEST_TEMPERATURE, call.params().temperature())
                .set(GenAiAttributes.REQUEST_TOP_P, call.params().topP());
    }

    private static void describe(Stage span, Streamed answer) {
        ChatResult result = answer.result();
        span.set(GenAiAttributes.RESPONSE_MODEL, result.modelServed())
                .set(GenAiAttributes.USAGE_INPUT_TOKENS, (long) result.usage().inputTokens())
                .set(GenAiAttributes.USAGE_OUTPUT_TOKENS, (long) result.usage().outputTokens());
        if (result.finishReason() != null) {
            span.set(GenAiAttributes.RESPONSE_FINISH_REASONS,
                    List.of(result.finishReason().name().toLowerCase(Locale.ROOT)));
        }
    }

    /** Notes a failed call with its duration, for the request log. */
    private AttemptFailure called(AttemptFailure failure, CallContext context, long startedMs) {
        context.called(failure.attempt(), clock.millis() - startedMs);
        return failure;
    }

    private AttemptFailure failed(Deployment deployment, ProviderException failure, String reason,
                                  CallContext context) {
        boolean retryable = retryable(failure, context);
        AttemptFailure attemptFailure = AttemptFailure.provider(deployment, failure, reason, context.chunksSent(),
                retryable);
        context.failed(attemptFailure.attempt());
        log.debug("provider call {} of the request failed: {} ({}){}", context.providerCalls(),
                attemptFailure.attempt().describe(), failure.getMessage(), retryable ? "; retryable" : "");
        return attemptFailure;
    }

    /**
     * Transient, nothing shown to the caller yet, and the provider's wait (or the first backoff)
     * fits both the retry-after cap and the time left before the deadline.
     */
    private boolean retryable(ProviderException failure, CallContext context) {
        if (Verdict.of(failure.kind()) != Verdict.RETRY_THEN_FALL_BACK || context.chunksSent()) {
            return false;
        }
        long wait = failure.retryAfterMs() != null ? failure.retryAfterMs()
                : registry.settings().retry().initialBackoff().toMillis();
        if (failure.retryAfterMs() != null
                && failure.retryAfterMs() > registry.settings().retry().maxRetryAfter().toMillis()) {
            return false;
        }
        return wait < context.millisLeft();
    }
}
