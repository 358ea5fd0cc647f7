package io.llmgateway.router.provider;

/**
 * A provider call that did not produce an answer, classified into a small closed set of kinds
 * every adapter maps its provider's errors to. Its message and fields are safe to log and to
 * show: adapters never put the provider's API key in them.
 */
public final class ProviderException extends Exception {

    /** What went wrong, in the terms the router's error mapping and fallback need. */
    public enum Kind {
        /** The provider refused the request's content (400, 413, 422): the caller's to fix. */
        BAD_REQUEST,
        /** The conversation does not fit the model's context window: the caller's to fix. */
        CONTEXT_LENGTH_EXCEEDED,
        /** The provider's safety system blocked the prompt. */
        CONTENT_FILTERED,
        /** The gateway's key was refused (401, 403, billing): the operator's to fix. */
        AUTHENTICATION,
        /** The deployment's model id is unknown to the provider (404): the operator's to fix. */
        NOT_FOUND,
        /** The provider rate-limits the gateway (429); {@link #retryAfterMs()} when it said. */
        RATE_LIMITED,
        /** The provider is overloaded or unavailable (503, 529). */
        OVERLOADED,
        /** The provider failed (other 5xx). */
        SERVER_ERROR,
        /** No (complete) answer within the request timeout or before the request's deadline (also 408, 504). */
        TIMEOUT,
        /** No connection: refused, unresolvable, or the connect timeout passed. */
        UNREACHABLE,
        /** An answer came but was cut off or could not be understood. */
        BAD_RESPONSE,
        /** Not the provider's failure: the caller went away and the call was stopped on purpose. */
        CANCELLED;

        /** Whether the same call may succeed later or elsewhere: the failure is the provider's, not the request's. */
        public boolean isTransient() {
            return switch (this) {
                case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, UNREACHABLE, BAD_RESPONSE -> true;
                default -> false;
            };
        }

        /** Whether the request itself is the problem: another deployment would refuse it too. */
        public boolean isCallersFault() {
            return this == BAD_REQUEST || this == CONTEXT_LENGTH_EXCEEDED || this == CONTENT_FILTERED;
        }
    }

    private final Kind kind;
    private final int status;
    private final String providerCode;
    private final Long retryAfterMs;

    private ProviderException(Kind kind, int status, String providerCode, Long retryAfterMs, String message,
                              Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.providerCode = providerCode;
        this.retryAfterMs = retryAfterMs;
    }

    /**
     * A failure the provider reported (an HTTP error status, or an error event in a stream).
     *
     * @param status the HTTP status; 0 for an error inside a stream that began with 200
     * @param providerCode the provider's own error code or type (e.g. {@code context_length_exceeded}), or null
     * @param message already cleaned of any key
     */
    public static ProviderException reported(Kind kind, int status, String providerCode, String message,
                                             Long retryAfterMs) {
        return new ProviderException(kind, status, providerCode, retryAfterMs, message, null);
    }

    /** A refusal before anything was sent: the deployment cannot do what the request asks. */
    public static ProviderException unsupported(String message) {
        return new ProviderException(Kind.BAD_REQUEST, 0, "unsupported_by_provider", null, message, null);
    }

    public static ProviderException timeout(String message, Throwable cause) {
        return new ProviderException(Kind.TIMEOUT, 0, null, null, message, cause);
    }

    public static ProviderException unreachable(String message, Throwable cause) {
        return new ProviderException(Kind.UNREACHABLE, 0, null, null, message, cause);
    }

    public static ProviderException badResponse(String message, Throwable cause) {
        return new ProviderException(Kind.BAD_RESPONSE, 0, null, null, message, cause);
    }

    public static ProviderException cancelled(String message) {
        return new ProviderException(Kind.CANCELLED, 0, null, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's HTTP status, when it answered with one; 0 otherwise. */
    public int status() {
        return status;
    }

    public String providerCode() {
        return providerCode;
    }

    /** From the provider's {@code retry-after} (or its error body); null when it gave none. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
