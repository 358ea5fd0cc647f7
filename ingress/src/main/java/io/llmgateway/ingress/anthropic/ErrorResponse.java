package io.llmgateway.ingress.anthropic;

/** Anthropic's error shape {@code {"type": "error", "error": {"type", "message"}}}. */
public record ErrorResponse(String type, Detail error) {

    public static ErrorResponse of(String type, String message) {
        return new ErrorResponse("error", new Detail(type, message));
    }

    public record Detail(String type, String message) {}
}
