package io.llmgateway.router.provider.openai;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.HttpProviderClient;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.router.provider.StreamDecoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Clock;

/**
 * Chat completions over OpenAI's HTTP API and the servers that copy it (vLLM, Ollama, Azure
 * OpenAI). {@code base_url} is the API root ({@code https://api.openai.com/v1}); the call goes to
 * {@code <base_url>/chat/completions}, keeping the base URL's query. Azure-style: a base URL
 * with an {@code api-version} query ({@code https://R.openai.azure.com/openai/deployments/D?api-version=2024-10-21})
 * keeps it on every call and sends the key in Azure's {@code api-key} header; elsewhere the key
 * is a bearer token, sent only when set.
 */
public final class OpenAiChatClient extends HttpProviderClient {

    private final String apiKey;
    private final OpenAiDialect dialect;
    private final URI endpoint;
    private final boolean azureStyle;

    public OpenAiChatClient(String provider, ProviderConfig config, String apiKey, OpenAiDialect dialect, Clock clock) {
        super(provider, config, apiKey, clock);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.dialect = dialect;
        this.endpoint = endpoint(config.baseUrl());
        String query = config.baseUrl().getRawQuery();
        this.azureStyle = query != null && query.contains("api-version=");
    }

    static URI endpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        String joined = (path.endsWith("/") ? path : path + "/") + "chat/completions";
        String query = base.getRawQuery() == null ? "" : "?" + base.getRawQuery();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + joined + query);
    }

    @Override
    protected HttpRequest.Builder request(ChatCall call, boolean stream) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ChatCompletionsJson.request(call, dialect, stream)));
        if (apiKey != null) {
            if (azureStyle) {
                request.header("api-key", apiKey);
            } else {
                request.header("Authorization", "Bearer " + apiKey);
            }
        }
        return request;
    }

    @Override
    protected ChatResult result(byte[] body) throws IOException {
        return ChatCompletionsJson.result(body);
    }

    @Override
    protected StreamDecoder streamDecoder() {
        return new ChunkDecoder();
    }

    /**
     * OpenAI's error object: {@code code} {@code context_length_exceeded} and
     * {@code content_filter}/{@code content_policy_violation} refine a 400; the rest by status.
     */
    @Override
    protected ProviderException failure(int status, HttpHeaders headers, byte[] body) {
        ChatCompletionsJson.ErrorBody error = ChatCompletionsJson.ErrorBody.parse(body);
        String code = error.code() != null ? error.code() : error.type();
        ProviderException.Kind kind = kindOf(status);
        if ("context_length_exceeded".equals(code) || "string_above_max_length".equals(code)) {
            kind = ProviderException.Kind.CONTEXT_LENGTH_EXCEEDED;
        } else if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
            kind = ProviderException.Kind.CONTENT_FILTERED;
        }
        String message = error.message() == null ? "HTTP " + status : secrets.clean(error.message());
        return ProviderException.reported(kind, status, code, provider + ": " + message,
                retryAfterMs(headers).orElse(null));
    }
}
