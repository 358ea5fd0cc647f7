package io.llmgateway.ingress.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error object {@code {"error": {"message", "type", "param", "code"}}}; {@code param}
 * and {@code code} are present as null when they do not apply, as OpenAI writes them.
 */
public record ErrorBody(Detail error) {

    public static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Detail(message, type, param, code));
    }

    public record Detail(String message, String type,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String param,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String code) {}
}
