package io.llmgateway.router.resilience;

import io.llmgateway.router.provider.ProviderException;

/**
 * What the router does after a provider call failed, by the kind of failure. The table, with the
 * caller's error of each kind, is in router-worker's README.
 */
public enum Verdict {
    /** The request itself is wrong: every deployment would refuse it. Answer the caller now. */
    ANSWER,
    /** Transient: retry the same deployment (backoff, {@code retry-after}), then fall back. */
    RETRY_THEN_FALL_BACK,
    /** This deployment is misconfigured (key, model id): do not retry it, try the next one. */
    FALL_BACK,
    /** Fall back, but only to a deployment with a larger configured context window. */
    FALL_BACK_TO_LARGER_CONTEXT,
    /** Fall back only when the deployment that filtered says so ({@code fallback_on_content_filter}). */
    FALL_BACK_IF_CONFIGURED,
    /** The caller went away: stop. */
    STOP;

    public static Verdict of(ProviderException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> ANSWER;
            case CONTEXT_LENGTH_EXCEEDED -> FALL_BACK_TO_LARGER_CONTEXT;
            case CONTENT_FILTERED -> FALL_BACK_IF_CONFIGURED;
            case AUTHENTICATION, NOT_FOUND -> FALL_BACK;
            case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, UNREACHABLE, BAD_RESPONSE -> RETRY_THEN_FALL_BACK;
            case CANCELLED -> STOP;
        };
    }

    /**
     * Whether a failure of this kind says the deployment is unhealthy, for its circuit breaker.
     * The request's own faults and a caller going away say nothing about the provider.
     */
    public static boolean isProviderHealthFailure(ProviderException.Kind kind) {
        Verdict verdict = of(kind);
        return verdict == RETRY_THEN_FALL_BACK || verdict == FALL_BACK;
    }
}
