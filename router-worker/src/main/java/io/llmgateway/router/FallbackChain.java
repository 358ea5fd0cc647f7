package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ProviderClients;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.resilience.Attempt;
import io.llmgateway.router.resilience.AttemptFailure;
import io.llmgateway.router.resilience.CallContext;
import io.llmgateway.router.resilience.GuardedCall;
import io.llmgateway.router.resilience.Streamed;
import io.llmgateway.router.resilience.Verdict;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import java.util.List;
import java.util.Objects;

/**
 * Tries a request's planned deployments in order until one answers, each through its
 * {@link GuardedCall} (which retries it). What a failure leads to is its
 * {@link io.llmgateway.router.resilience.Verdict}: answer the caller at once (the request's own
 * fault), fall back to the next deployment, fall back only to a larger context window, or fall
 * back after a content filter only where the filtering deployment allows it. Once the caller has
 * received part of a stream, nothing is retried or switched: the stream ends with an error.
 */
final class FallbackChain {

    /** How routing ended: served by a deployment, or a failure for the caller. */
    sealed interface Result {
        /** @param deployment the deployment that answered; {@code fallbackUsed} when it was not the first tried */
        record Served(Deployment deployment, Streamed answer, boolean fallbackUsed) implements Result {}

        /** @param deployment the last deployment tried; null when none was */
        record Failed(ProviderErrors.Failure failure, Deployment deployment) implements Result {}
    }

    private final GuardedCall guarded;
    private final ProviderClients providers;
    private final DeploymentStats stats;

    FallbackChain(GuardedCall guarded, ProviderClients providers, DeploymentStats stats) {
        this.guarded = guarded;
        this.providers = providers;
        this.stats = stats;
    }

    Result route(GatewayRequest request, List<Deployment> plan, CallContext context) throws InterruptedException {
        Deployment firstTried = null;
        Deployment lastTried = null;
        Deployment contextTooSmall = null; // after a context-length failure: only larger windows from here on
        AttemptFailure lastFailure = null;
        Result.Served filtered = null; // an answer cut by a content filter, kept in case no one does better
        for (Deployment deployment : plan) {
            if (contextTooSmall != null && !deployment.hasLargerContextWindowThan(contextTooSmall)) {
                continue;
            }
            if (context.pastDeadline()) {
                return new Result.Failed(ProviderErrors.deadlineDuringAttempts(context.failedAttempts()), lastTried);
            }
            if (context.cancelled()) {
                return new Result.Failed(ProviderErrors.map(ProviderException.cancelled("the caller went away")),
                        lastTried);
            }
            firstTried = firstTried == null ? deployment : firstTried;
            lastTried = deployment;
            Streamed answer;
            stats.started(deployment);
            try {
                answer = guarded.call(deployment, providers.get(deployment.provider()),
                        ChatCall.of(deployment.model(), request), context);
                stats.finished(deployment, answer.firstTokenMs());
            } catch (AttemptFailure failure) {
                stats.finished(deployment, null);
                if (failure.rejection() != null) {
                    context.failed(failure.attempt()); // provider failures were listed as they happened
                }
                lastFailure = failure;
                if (isCancellation(failure)) {
                    // The caller went away, mid-stream or not: a cancellation, not a provider failure.
                    return new Result.Failed(ProviderErrors.map(failure.providerFailure()), deployment);
                }
                if (failure.afterChunksSent()) {
                    return new Result.Failed(ProviderErrors.streamInterrupted(failure.attempt()), deployment);
                }
                switch (failure.verdict()) {
                    case ANSWER, STOP -> {
                        return new Result.Failed(ProviderErrors.map(failure.providerFailure()), deployment);
                    }
                    case FALL_BACK_TO_LARGER_CONTEXT -> contextTooSmall = deployment;
                    case FALL_BACK_IF_CONFIGURED -> {
                        if (!deployment.fallbackOnContentFilter()) {
                            return new Result.Failed(ProviderErrors.map(failure.providerFailure()), deployment);
                        }
                    }
                    case FALL_BACK, RETRY_THEN_FALL_BACK -> { }
                }
                continue;
            } catch (InterruptedException | RuntimeException | Error e) {
                stats.finished(deployment, null);
                throw e;
            }
            if (answer.result().finishReason() == FinishReason.CONTENT_FILTER && deployment.fallbackOnContentFilter()
                    && !context.chunksSent()) {
                context.failed(new Attempt(deployment.provider(), deployment.model(), 200, "content_filter"));
                filtered = filtered != null ? filtered : new Result.Served(deployment, answer,
                        !Objects.equals(deployment, firstTried));
                lastFailure = null;
                continue;
            }
            return new Result.Served(deployment, answer, !Objects.equals(deployment, firstTried));
        }
        return filtered != null ? filtered : exhausted(request, context, lastFailure, lastTried);
    }

    private static boolean isCancellation(AttemptFailure failure) {
        return failure.providerFailure() != null
                && failure.providerFailure().kind() == ProviderException.Kind.CANCELLED;
    }

    private static Result exhausted(GatewayRequest request, CallContext context, AttemptFailure lastFailure,
                                    Deployment lastTried) {
        List<Attempt> attempts = context.failedAttempts();
        if (lastTried == null) {
            return new Result.Failed(ProviderErrors.noContextWindowFits(request.model(),
                    request.estimatedInputTokens()), null);
        }
        if (lastFailure != null && lastFailure.deployment().equals(lastTried)
                && (lastFailure.verdict() == Verdict.FALL_BACK_TO_LARGER_CONTEXT
                        || lastFailure.verdict() == Verdict.FALL_BACK_IF_CONFIGURED)) {
            // No larger window (or no other deployment) is left: the request's own problem, told as such.
            return new Result.Failed(ProviderErrors.map(lastFailure.providerFailure()), lastTried);
        }
        if (context.pastDeadline()) {
            return new Result.Failed(ProviderErrors.deadlineDuringAttempts(attempts), lastTried);
        }
        Long retryAfterMs = lastFailure == null ? null : lastFailure.retryAfterMs();
        return new Result.Failed(ProviderErrors.allFailed(request.model(), attempts, retryAfterMs), lastTried);
    }
}
