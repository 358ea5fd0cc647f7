package io.llmgateway.common.config;

import java.net.URI;
import java.time.Duration;

/**
 * One provider endpoint. The API key is never in the file: only the name of the environment
 * variable that holds it.
 */
public record ProviderConfig(ProviderType type, URI baseUrl, String apiKeyEnv, Duration connectTimeout,
                             Duration requestTimeout) {

    public ProviderConfig {
        if (type == null) {
            throw new IllegalArgumentException("type is required (openai, anthropic, gemini, openai_compatible)");
        }
        if (baseUrl == null) {
            throw new IllegalArgumentException("base_url is required");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(120) : requestTimeout;
    }

    /** The key from the environment, or null when the provider needs none (a local mock). */
    public String apiKey() {
        return apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    }
}
