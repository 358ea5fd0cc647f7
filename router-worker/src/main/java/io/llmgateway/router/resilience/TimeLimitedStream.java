package io.llmgateway.router.resilience;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ProviderClient;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.StreamListener;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one streaming provider call under two Resilience4j time limiters: one on the wait for the
 * first token, one on every gap between chunks; and never past the request's deadline.
 *
 * <p>The call runs on a virtual thread of its own; this thread waits for its progress through
 * the limiters. When a limit passes, the call is expired (no later delta reaches the caller),
 * cancelled through its {@link Cancellation}, and the attempt fails as a
 * {@link ProviderException.Kind#TIMEOUT} with the reason {@code first_token_timeout},
 * {@code chunk_gap_timeout} or {@code deadline}.
 */
final class TimeLimitedStream {

    /** How long a cancelled call may take to let go of its connection before this thread moves on. */
    private static final long CANCEL_GRACE_MS = 2_000;

    private final ExecutorService calls;
    private final Clock clock;

    TimeLimitedStream(ExecutorService calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /** A time limit passed; the reason names which. */
    static final class TimeLimitExceeded extends Exception {
        private final String reason;

        TimeLimitExceeded(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** @param callerGone cancelled when the caller goes away; stops this call too */
    Streamed run(ProviderClient client, ChatCall call, StreamListener downstream, TimeLimiter firstToken,
                 TimeLimiter chunkGap, Cancellation callerGone)
            throws ProviderException, TimeLimitExceeded, InterruptedException {
        StreamProgress progress = new StreamProgress();
        Cancellation cancellation = new Cancellation(); // this attempt's: a time limit cancels only it
        callerGone.onCancel(cancellation::cancel);
        Future<ChatResult> running = calls.submit(() -> {
            try {
                return client.stream(call, delta -> {
                    if (!progress.arrived()) {
                        throw new InterruptedException("the call was stopped by a time limit");
                    }
                    try {
                        downstream.onDelta(delta);
                    } finally {
                        progress.passedOn();
                    }
                }, cancellation);
            } finally {
                progress.end();
            }
        });
        try {
            watch(progress, call, firstToken, chunkGap);
        } catch (TimeLimitExceeded | InterruptedException e) {
            stop(cancellation, running, progress);
            throw e;
        }
        return new Streamed(outcome(running), progress.firstTokenNanos());
    }

    /** Returns when the call ended; throws when a limit passed first. */
    private void watch(StreamProgress progress, ChatCall call, TimeLimiter firstToken, TimeLimiter chunkGap)
            throws TimeLimitExceeded, InterruptedException {
        long seen = 0;
        TimeLimiter limiter = firstToken;
        String reason = "first_token_timeout";
        while (!progress.hasEnded()) {
            Duration untilDeadline = Duration.between(clock.instant(), call.deadline());
            if (!untilDeadline.isNegative() && !untilDeadline.isZero()) {
                CompletableFuture<Void> signal = progress.after(seen).copy()
                        .completeOnTimeout(null, untilDeadline.toNanos(), TimeUnit.NANOSECONDS);
                try {
                    limiter.executeFutureSupplier(() -> signal);
                } catch (TimeoutException e) {
                    if (progress.expireIfStill(seen)) {
                        throw new TimeLimitExceeded(reason, "no " + (seen == 0 ? "first token" : "chunk")
                                + " within " + limiter.getTimeLimiterConfig().getTimeoutDuration());
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("waiting for a stream's progress failed", e);
                }
            }
            if (!progress.hasEnded() && !clock.instant().isBefore(call.deadline())) {
                progress.expire();
                throw new TimeLimitExceeded("deadline", "the request's deadline passed during the call");
            }
            seen = progress.deltas();
            limiter = chunkGap;
            reason = "chunk_gap_timeout";
        }
    }

    private static ChatResult outcome(Future<ChatResult> running) throws ProviderException, InterruptedException {
        try {
            return running.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProviderException failure) {
                throw failure;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the provider adapter failed: " + cause, cause);
        }
    }

    private static void stop(Cancellation cancellation, Future<?> running, StreamProgress progress)
            throws InterruptedException {
        cancellation.cancel();
        running.cancel(true);
        // Bounded: an adapter that ignores both is logged by the caller's timeout, not waited for forever.
        progress.awaitEnd(CANCEL_GRACE_MS, TimeUnit.MILLISECONDS);
    }
}
