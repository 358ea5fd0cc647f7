package io.llmgateway.mock;

/** The {@code type}, {@code code} and message OpenAI puts in its error body for a status. */
record ErrorStatus(String type, String code, String message) {

    /** With the given {@code code} instead of the status's usual one (null keeps it). */
    static ErrorStatus of(int status, String code) {
        ErrorStatus usual = of(status);
        if (code == null) {
            return usual;
        }
        return switch (code) {
            case "context_length_exceeded" -> new ErrorStatus("invalid_request_error", code,
                    "This model's maximum context length was exceeded (injected by the mock).");
            case "content_filter", "content_policy_violation" -> new ErrorStatus("invalid_request_error", code,
                    "The prompt was filtered by the content policy (injected by the mock).");
            default -> new ErrorStatus(usual.type(), code, usual.message());
        };
    }

    static ErrorStatus of(int status) {
        return switch (status) {
            case 400 -> new ErrorStatus("invalid_request_error", null, "Invalid request (injected by the mock).");
            case 401 -> new ErrorStatus("invalid_request_error", "invalid_api_key",
                    "Incorrect API key provided (injected by the mock).");
            case 403 -> new ErrorStatus("invalid_request_error", "permission_denied",
                    "You are not allowed to use this model (injected by the mock).");
            case 404 -> new ErrorStatus("invalid_request_error", "model_not_found",
                    "The model does not exist (injected by the mock).");
            case 429 -> new ErrorStatus("requests", "rate_limit_exceeded",
                    "Rate limit reached for requests (injected by the mock).");
            case 503 -> new ErrorStatus("server_error", null,
                    "The server is overloaded or not ready yet (injected by the mock).");
            default -> status >= 500
                    ? new ErrorStatus("server_error", null,
                            "The server had an error while processing your request (injected by the mock).")
                    : new ErrorStatus("invalid_request_error", null, "Request failed (injected by the mock).");
        };
    }
}
