package io.llmgateway.ingress;

import io.llmgateway.schemas.GatewayError;

/**
 * A request the ingress answers with an error in OpenAI's shape
 * {@code {"error": {"message", "type", "param", "code"}}}. Thrown anywhere in a handler; the
 * routing's error handler writes it.
 *
 * @see ErrorResponses
 */
public final class ApiError extends RuntimeException {

    /** A caller's value quoted back in an error is cut to this length. */
    private static final int MAX_ECHOED_CHARS = 200;

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Long retryAfterMs;

    public ApiError(int status, String type, String param, String code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, null, message, null);
    }

    public static ApiError invalidApiKey(String message) {
        return new ApiError(401, "invalid_request_error", null, "invalid_api_key", message, null);
    }

    /** The same answer for an unknown alias and one the tenant may not use: nothing leaks about other tenants. */
    public static ApiError modelNotFound(String model) {
        String shown = model.length() > MAX_ECHOED_CHARS ? model.substring(0, MAX_ECHOED_CHARS) + "..." : model;
        return new ApiError(404, "invalid_request_error", "model", "model_not_found",
                "The model '" + shown + "' does not exist or you do not have access to it.", null);
    }

    public static ApiError requestTooLarge(long maxBodyBytes) {
        return new ApiError(413, "invalid_request_error", null, "request_too_large",
                "The request body is larger than the limit of " + maxBodyBytes + " bytes.", null);
    }

    /**
     * A request whose record the Kafka producer or broker refuses as too large: 413, not a 503
     * that SDKs would retry with the same body.
     */
    public static ApiError recordTooLarge(int maxRecordBytes) {
        return new ApiError(413, "invalid_request_error", null, "request_too_large",
                "The request is too large for the gateway's queue (one record holds at most " + maxRecordBytes
                        + " bytes, the request's fields included); shorten it.", null);
    }

    /** A prompt the gateway's content filter refuses: OpenAI's code for it, the category in the message. */
    public static ApiError contentFilter(String category) {
        return new ApiError(400, "invalid_request_error", "messages", "content_filter",
                "The prompt was refused by the gateway's content filter (category: " + category + ").", null);
    }

    public static ApiError timeout(String message) {
        return new ApiError(504, "timeout", null, "timeout", message, null);
    }

    public static ApiError unavailable(String message) {
        return unavailable(message, null);
    }

    /** @param retryAfterMs when to try again ({@code retry-after}); null: not said */
    public static ApiError unavailable(String message, Long retryAfterMs) {
        return new ApiError(503, "service_unavailable", null, "service_unavailable", message, retryAfterMs);
    }

    /** Not ready: starting, stopping, or Kafka out of reach. SDKs retry a 503 with retry-after. */
    public static ApiError notReady() {
        return unavailable("The gateway is not ready (starting, stopping, or its queue is unreachable); retry shortly.",
                NOT_READY_RETRY_MS);
    }

    /** What a caller refused while the instance is not ready is told to wait. */
    static final long NOT_READY_RETRY_MS = 2_000;

    /** An error reply from the pipeline (admission, cache, router), as the caller sees it. */
    public static ApiError fromPipeline(GatewayError error) {
        return new ApiError(error.status(), error.type(), null, error.code(), error.message(), error.retryAfterMs());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
