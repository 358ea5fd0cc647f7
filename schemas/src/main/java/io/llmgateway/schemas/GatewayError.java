package io.llmgateway.schemas;

/**
 * An error as the caller will see it. {@code type} and {@code code} follow OpenAI's error
 * object; the ingress translates them into the caller's API format.
 *
 * @param status the HTTP status the caller gets
 * @param retryAfterMs when the caller may retry, if known
 */
public record GatewayError(int status, String type, String code, String message, Long retryAfterMs) {

    public GatewayError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error.status must be a 4xx or 5xx, was " + status);
        }
        Require.nonBlank(type, "error.type");
        Require.nonBlank(message, "error.message");
    }

    public static GatewayError of(int status, String type, String code, String message) {
        return new GatewayError(status, type, code, message, null);
    }
}
