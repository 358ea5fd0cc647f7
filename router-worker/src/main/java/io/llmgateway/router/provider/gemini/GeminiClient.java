package io.llmgateway.router.provider.gemini;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.HttpProviderClient;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.StreamDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * Google's Gemini API. {@code base_url} is the API root with its version
 * ({@code https://generativelanguage.googleapis.com/v1beta}); calls go to
 * {@code <base_url>/models/<model>:generateContent}, streams to
 * {@code :streamGenerateContent?alt=sse}, with the key in {@code x-goog-api-key} (only when set).
 */
public final class GeminiClient extends HttpProviderClient {

    private final String apiKey;
    private final String base;

    public GeminiClient(String provider, ProviderConfig config, String apiKey, Clock clock) {
        super(provider, config, apiKey, clock);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        String url = config.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    protected HttpRequest.Builder request(ChatCall call, boolean stream) {
        String model = URLEncoder.encode(call.model(), StandardCharsets.UTF_8);
        URI uri = URI.create(base + "/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GenerateContentJson.request(call)));
        if (apiKey != null) {
            request.header("x-goog-api-key", apiKey);
        }
        return request;
    }

    @Override
    protected ChatResult result(byte[] body) throws IOException {
        CandidateReader reader = new CandidateReader(provider);
        try {
            reader.read(GenerateContentJson.MAPPER.readTree(body));
        } catch (ProviderException e) {
            throw new BlockedPrompt(e);
        }
        return reader.result();
    }

    @Override
    public ChatResult complete(ChatCall call) throws ProviderException, InterruptedException {
        try {
            return super.complete(call);
        } catch (ProviderException e) {
            // A blocked prompt comes as a 200 without candidates: unwrapped from the parse failure.
            if (e.getCause() instanceof BlockedPrompt blocked) {
                throw blocked.reason;
            }
            throw e;
        }
    }

    @Override
    protected StreamDecoder streamDecoder() {
        return new CandidateReader(provider);
    }

    /** Google's canonical status names refine the HTTP status. */
    @Override
    protected ProviderException failure(int status, HttpHeaders headers, byte[] body) {
        GenerateContentJson.ErrorBody error = GenerateContentJson.ErrorBody.parse(body);
        String message = error.message() == null ? "HTTP " + status : secrets.clean(error.message());
        ProviderException.Kind kind = error.status() == null ? kindOf(status) : switch (error.status()) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> tooLong(message)
                    ? ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED : ProviderException.Kind.BAD_REQUEST;
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ProviderException.Kind.AUTHENTICATION;
            case "NOT_FOUND" -> ProviderException.Kind.NOT_FOUND;
            case "RESOURCE_EXHAUSTED" -> ProviderException.Kind.RATE_LIMITED;
            case "UNAVAILABLE" -> ProviderException.Kind.OVERLOADED;
            case "DEADLINE_EXCEEDED" -> ProviderException.Kind.TIMEOUT;
            default -> kindOf(status); // INTERNAL, UNKNOWN
        };
        Long retry = error.retryAfterMs() != null ? error.retryAfterMs() : retryAfterMs(headers).orElse(null);
        return ProviderException.reported(kind, status, error.status(), provider + ": " + message, retry);
    }

    /** "The input token count (N) exceeds the maximum number of tokens allowed (M)." */
    private static boolean tooLong(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("exceeds the maximum number of tokens") || lower.contains("token count");
    }

    /** Carries a blocked-prompt failure through the parse step, whose failures are bad responses. */
    private static final class BlockedPrompt extends IOException {
        private final transient ProviderException reason;

        BlockedPrompt(ProviderException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }
    }
}
