package io.llmgateway.router.provider;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.router.provider.anthropic.AnthropicMessagesClient;
import io.llmgateway.router.provider.gemini.GeminiClient;
import io.llmgateway.router.provider.openai.OpenAiChatClient;
import io.llmgateway.router.provider.openai.OpenAiDialect;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@link ProviderClient} per configured provider, created at start and closed together. */
public final class ProviderClients implements AutoCloseable {

    private final Map<String, ProviderClient> clients;

    public ProviderClients(Map<String, ProviderClient> clients) {
        this.clients = Map.copyOf(clients);
    }

    /** A client for every provider of the config, its key read from the environment variable the config names. */
    public static ProviderClients create(Map<String, ProviderConfig> providers, Clock clock) {
        Map<String, ProviderClient> clients = new LinkedHashMap<>();
        try {
            providers.forEach((name, config) -> clients.put(name, create(name, config, clock)));
        } catch (RuntimeException e) {
            clients.values().forEach(ProviderClient::close);
            throw e;
        }
        return new ProviderClients(clients);
    }

    static ProviderClient create(String name, ProviderConfig config, Clock clock) {
        return switch (config.type()) {
            case OPENAI -> new OpenAiChatClient(name, config, config.apiKey(), OpenAiDialect.OPENAI, clock);
            case OPENAI_COMPATIBLE -> new OpenAiChatClient(name, config, config.apiKey(), OpenAiDialect.COMPATIBLE,
                    clock);
            case ANTHROPIC -> new AnthropicMessagesClient(name, config, config.apiKey(), clock);
            case GEMINI -> new GeminiClient(name, config, config.apiKey(), clock);
        };
    }

    /** The client of a provider the config names; a deployment always names a configured one. */
    public ProviderClient get(String provider) {
        ProviderClient client = clients.get(provider);
        if (client == null) {
            throw new IllegalArgumentException("no client for provider '" + provider + "'");
        }
        return client;
    }

    @Override
    public void close() {
        clients.values().forEach(ProviderClient::close);
    }
}
