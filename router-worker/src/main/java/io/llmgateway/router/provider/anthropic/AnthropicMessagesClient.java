package io.llmgateway.router.provider.anthropic;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.HttpProviderClient;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.Secrets;
import io.llmgateway.router.provider.StreamDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Locale;

/**
 * Anthropic's Messages API. {@code base_url} is the API root with its version
 * ({@code https://api.anthropic.com/v1}); calls go to {@code <base_url>/messages} with the key in
 * {@code x-api-key} (only when set) and {@code anthropic-version: 2023-06-01}.
 */
public final class AnthropicMessagesClient extends HttpProviderClient {

    static final String API_VERSION = "2023-06-01";

    private final String apiKey;
    private final URI endpoint;
    private final Errors errors;

    public AnthropicMessagesClient(String provider, ProviderConfig config, String apiKey, Clock clock) {
        super(provider, config, apiKey, clock);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        String base = config.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "messages");
        this.errors = new Errors(provider, secrets);
    }

    @Override
    protected HttpRequest.Builder request(ChatCall call, boolean stream) throws ProviderException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(MessagesJson.request(call, stream)));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return request;
    }

    @Override
    protected ChatResult result(byte[] body) throws IOException {
        return MessagesJson.result(body);
    }

    @Override
    protected StreamDecoder streamDecoder() {
        return new MessageStreamDecoder(errors);
    }

    @Override
    protected ProviderException failure(int status, HttpHeaders headers, byte[] body) {
        return errors.of(status, MessagesJson.ErrorBody.parse(body), retryAfterMs(headers).orElse(null));
    }

    /** Anthropic's error types, from an error answer or an {@code error} event in a stream. */
    record Errors(String provider, Secrets secrets) {

        ProviderException inStream(MessagesJson.ErrorBody error) {
            return of(0, error, null);
        }

        ProviderException of(int status, MessagesJson.ErrorBody error, Long retryAfterMs) {
            String message = error.message() == null ? "HTTP " + status : secrets.clean(error.message());
            ProviderException.Kind kind = error.type() == null ? kindOf(status) : switch (error.type()) {
                case "invalid_request_error", "request_too_large" -> tooLong(message)
                        ? ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED : ProviderException.Kind.BAD_REQUEST;
                case "authentication_error", "permission_error", "billing_error" ->
                        ProviderException.Kind.AUTHENTICATION;
                case "not_found_error" -> ProviderException.Kind.NOT_FOUND;
                case "rate_limit_error" -> ProviderException.Kind.RATE_LIMITED;
                case "overloaded_error" -> ProviderException.Kind.OVERLOADED;
                case "timeout_error" -> ProviderException.Kind.TIMEOUT;
                default -> status == 0 ? ProviderException.Kind.SERVER_ERROR : kindOf(status); // api_error
            };
            return ProviderException.reported(kind, status, error.type(), provider + ": " + message, retryAfterMs);
        }

        /** Anthropic says "prompt is too long: N tokens > M maximum" with a plain invalid_request_error. */
        private static boolean tooLong(String message) {
            String lower = message.toLowerCase(Locale.ROOT);
            return lower.contains("prompt is too long") || lower.contains("context window")
                    || lower.contains("context length");
        }
    }
}
