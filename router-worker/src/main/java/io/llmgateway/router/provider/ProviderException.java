package io.llmgateway.router.provider;

/**
 * A provider call that did not produce an answer. Its message and fields are safe to log and to
 * show: adapters never put the provider's API key in them.
 */
public final class ProviderException extends Exception {

    /** What went wrong, in the terms the router's error mapping needs. */
    public enum Kind {
        /** The provider answered with an HTTP error status. */
        HTTP_STATUS,
        /** No answer within the request timeout or before the request's deadline. */
        TIMEOUT,
        /** No connection: refused, unresolvable, or the connect timeout passed. */
        UNREACHABLE,
        /** An answer came but was cut off or could not be understood. */
        BAD_RESPONSE
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
     * @param providerCode the provider's own error code (e.g. {@code context_length_exceeded}), or null
     * @param message the provider's error message, already cleaned of any key
     */
    public static ProviderException status(int status, String providerCode, String message, Long retryAfterMs) {
        return new ProviderException(Kind.HTTP_STATUS, status, providerCode, retryAfterMs, message, null);
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

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of a {@link Kind#HTTP_STATUS} failure; 0 otherwise. */
    public int status() {
        return status;
    }

    public String providerCode() {
        return providerCode;
    }

    /** From the provider's {@code retry-after}; null when it gave none. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
