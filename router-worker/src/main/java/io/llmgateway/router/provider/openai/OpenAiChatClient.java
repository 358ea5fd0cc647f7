package io.llmgateway.router.provider.openai;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderClient;
import io.llmgateway.router.provider.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chat completions over OpenAI's HTTP API (and servers that copy it), with
 * {@code java.net.http.HttpClient}. The connect timeout comes from the provider's config; each
 * call waits at most the provider's request timeout, and never past the request's deadline.
 *
 * <p>The API key goes into the {@code Authorization} header only, and only when one is set; it
 * is never logged, and it is scrubbed from every error message this class creates.
 */
public final class OpenAiChatClient implements ProviderClient {

    /** OpenAI-style secret keys, also when the provider echoes them half-masked in an error. */
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*.\\-]{3,}");

    private final String provider;
    private final ProviderConfig config;
    private final String apiKey;
    private final OpenAiDialect dialect;
    private final Clock clock;
    private final URI endpoint;
    private final HttpClient http;

    /**
     * @param provider the provider's name in the config, for messages
     * @param apiKey sent as a bearer token; null or blank sends none (a local mock)
     */
    public OpenAiChatClient(String provider, ProviderConfig config, String apiKey, OpenAiDialect dialect, Clock clock) {
        this.provider = provider;
        this.config = config;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.dialect = dialect;
        this.clock = clock;
        String base = config.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    @Override
    public ChatResult complete(ChatCall call) throws ProviderException, InterruptedException {
        Duration untilDeadline = Duration.between(clock.instant(), call.deadline());
        if (untilDeadline.isNegative() || untilDeadline.isZero()) {
            throw ProviderException.timeout(provider + ": the request's deadline passed before the call", null);
        }
        Duration timeout = untilDeadline.compareTo(config.requestTimeout()) < 0 ? untilDeadline
                : config.requestTimeout();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ChatCompletionsJson.request(call, dialect)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> response = send(request.build(), timeout);
        if (response.statusCode() / 100 != 2) {
            throw failure(response);
        }
        try {
            return ChatCompletionsJson.result(response.body());
        } catch (IOException | IllegalArgumentException e) {
            throw ProviderException.badResponse(provider + ": unreadable answer (" + clean(e.getMessage()) + ")", e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, Duration timeout)
            throws ProviderException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw ProviderException.unreachable(provider + ": no connection within " + config.connectTimeout(), e);
        } catch (HttpTimeoutException e) {
            throw ProviderException.timeout(provider + ": no answer within " + timeout, e);
        } catch (ConnectException e) { // refused, or the host name does not resolve
            throw ProviderException.unreachable(provider + ": cannot connect to " + endpoint.getHost() + ":"
                    + endpoint.getPort() + " (" + clean(String.valueOf(e.getMessage())) + ")", e);
        } catch (IOException e) {
            throw ProviderException.badResponse(provider + ": connection lost during the answer ("
                    + clean(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private ProviderException failure(HttpResponse<byte[]> response) {
        ChatCompletionsJson.ErrorBody error = ChatCompletionsJson.ErrorBody.parse(response.body());
        String message = error.message() == null ? "HTTP " + response.statusCode() : clean(error.message());
        return ProviderException.status(response.statusCode(), error.code() != null ? error.code() : error.type(),
                provider + ": " + message, retryAfterMs(response).orElse(null));
    }

    /** {@code retry-after-ms} when present (OpenAI sends it), else {@code retry-after} in seconds. */
    private static Optional<Long> retryAfterMs(HttpResponse<?> response) {
        try {
            Optional<String> ms = response.headers().firstValue("retry-after-ms");
            if (ms.isPresent()) {
                return Optional.of((long) Double.parseDouble(ms.get()));
            }
            return response.headers().firstValue("retry-after")
                    .map(seconds -> (long) (Double.parseDouble(seconds) * 1000));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: rare from LLM providers, and only a hint
        }
    }

    /** Removes the key, and anything shaped like one, from text that may be logged or shown. */
    private String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = apiKey == null ? text : text.replace(apiKey, "***");
        return KEY_LIKE.matcher(cleaned).replaceAll("sk-***");
    }

    @Override
    public void close() {
        http.shutdownNow(); // the pipeline closed first: nothing of ours is still in flight
    }
}
