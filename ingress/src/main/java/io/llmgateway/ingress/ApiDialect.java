package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.ErrorResponse;
import io.llmgateway.ingress.openai.ErrorBody;
import io.llmgateway.ingress.openai.OpenAiJson;

/** The API a caller speaks, which decides the shape of the errors it gets. */
enum ApiDialect {

    /** {@code {"error": {"message", "type", "param", "code"}}}. */
    OPENAI {
        @Override
        byte[] errorBody(ApiError error) {
            return write(OpenAiJson.MAPPER, ErrorBody.of(error.getMessage(), error.type(), error.param(), error.code()));
        }
    },

    /** {@code {"type": "error", "error": {"type", "message"}}}, the type following the status. */
    ANTHROPIC {
        @Override
        byte[] errorBody(ApiError error) {
            return write(AnthropicJson.MAPPER, ErrorResponse.of(anthropicType(error.status()), error.getMessage()));
        }
    };

    static final String MESSAGES_PATH = "/v1/messages";
    static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

    abstract byte[] errorBody(ApiError error);

    /**
     * The Anthropic routes answer in Anthropic's shape, the OpenAI ones in OpenAI's; elsewhere
     * ({@code /v1/models}, unknown paths) a request with {@code anthropic-version}, which every
     * Anthropic SDK sends, is taken for an Anthropic client.
     *
     * @param path the request's path; null when it could not be read
     */
    static ApiDialect of(String path, boolean anthropicVersionSent) {
        if (path != null && (path.equals(MESSAGES_PATH) || path.startsWith(MESSAGES_PATH + "/"))) {
            return ANTHROPIC;
        }
        if (path != null && path.startsWith(CHAT_COMPLETIONS_PATH)) {
            return OPENAI;
        }
        return anthropicVersionSent ? ANTHROPIC : OPENAI;
    }

    /** Anthropic's error types by HTTP status, as its API reference lists them. */
    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            // "This error type may also be used for other 4XX status codes."
            default -> status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    private static byte[] write(ObjectMapper mapper, Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
