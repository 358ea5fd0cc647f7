package io.llmgateway.router.resilience;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.router.provider.ProviderException;
import java.util.Locale;

/**
 * A deployment did not answer: the provider failed ({@link #providerFailure()}), or the router
 * did not call it (breaker open, provider's bulkhead full, provider's rate limit reached).
 * Carries what the retry and fallback decisions need.
 */
public final class AttemptFailure extends Exception {

    /** Why the router did not call the provider; null when it did and the provider failed. */
    public enum Rejection {
        CIRCUIT_OPEN, BULKHEAD_FULL, RATE_LIMIT_REACHED
    }

    private final Deployment deployment;
    private final ProviderException providerFailure;
    private final Rejection rejection;
    private final String reason;
    private final boolean afterChunksSent;
    private final boolean retryable;

    private AttemptFailure(Deployment deployment, ProviderException providerFailure, Rejection rejection,
                           String reason, boolean afterChunksSent, boolean retryable, Throwable cause) {
        super(deployment.id() + ": " + (providerFailure != null ? providerFailure.getMessage() : reason), cause,
                false, false);
        this.deployment = deployment;
        this.providerFailure = providerFailure;
        this.rejection = rejection;
        this.reason = reason;
        this.afterChunksSent = afterChunksSent;
        this.retryable = retryable;
    }

    /**
     * @param reason overrides the reason derived from the kind (e.g. {@code first_token_timeout})
     * @param afterChunksSent the caller already received part of this answer
     * @param retryable whether the same deployment may be tried again for this request
     */
    static AttemptFailure provider(Deployment deployment, ProviderException failure, String reason,
                                   boolean afterChunksSent, boolean retryable) {
        return new AttemptFailure(deployment, failure, null,
                reason != null ? reason : failure.kind().name().toLowerCase(Locale.ROOT), afterChunksSent, retryable,
                failure);
    }

    static AttemptFailure rejected(Deployment deployment, Rejection rejection, Throwable cause) {
        return new AttemptFailure(deployment, null, rejection, rejection.name().toLowerCase(Locale.ROOT), false,
                false, cause);
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The provider's failure; null for a {@link #rejection()}. */
    public ProviderException providerFailure() {
        return providerFailure;
    }

    /** Why the provider was not called; null when it was. */
    public Rejection rejection() {
        return rejection;
    }

    /** What to do next: a rejection always falls back (the provider itself did nothing wrong). */
    public Verdict verdict() {
        return providerFailure == null ? Verdict.FALL_BACK : Verdict.of(providerFailure.kind());
    }

    public boolean afterChunksSent() {
        return afterChunksSent;
    }

    boolean retryable() {
        return retryable;
    }

    /** The provider's {@code retry-after}, when it sent one. */
    public Long retryAfterMs() {
        return providerFailure == null ? null : providerFailure.retryAfterMs();
    }

    public Attempt attempt() {
        return new Attempt(deployment.provider(), deployment.model(),
                providerFailure == null ? 0 : providerFailure.status(), reason);
    }
}
