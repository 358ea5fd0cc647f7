package io.llmgateway.schemas;

/**
 * An error as the caller will see it. {@code type} and {@code code} follow OpenAI's error
 * object; the ingress translates them into the caller's API format.
 *
 * @param status the HTTP status the caller gets
 * @param retryAfterMs when the caller may retry, if known
 */
public record GatewayError(int status, String type, String code, String message, Long retryAfterMs) {

    /**
     * The codes of accounting's refusals at admission (a rate limit, a spent budget, an unknown
     * tenant, a deadline passed before admission): the request never ran and its id stays unused,
     * so a retry under the same id (an {@code Idempotency-Key}) may run it.
     */
    public static final java.util.Set<String> REFUSED_AT_ADMISSION = java.util.Set.of(
            "rate_limit_exceeded", "budget_exceeded", "unknown_tenant", "request_expired");

    public GatewayError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error.status must be a 4xx or 5xx, was " + status);
        }
        Require.nonBlank(type, "error.type");
        Require.nonBlank(message, "error.message");
    }

    /** Whether accounting refused the request without running it ({@link #REFUSED_AT_ADMISSION}). */
    public static boolean refusedBeforeRunning(GatewayError error) {
        return error != null && error.code() != null && REFUSED_AT_ADMISSION.contains(error.code());
    }

    public static GatewayError of(int status, String type, String code, String message) {
        return new GatewayError(status, type, code, message, null);
    }
}
