package io.llmgateway.cache.embed;

import io.llmgateway.common.config.CacheEmbedderSettings;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.ProviderConfig;
import java.util.Map;

/** The embedder the {@code cache.embedder} section asks for. */
public final class Embedders {

    private Embedders() {}

    public static Embedder create(CacheEmbedderSettings settings, Map<String, ProviderConfig> providers) {
        return switch (settings.type()) {
            case "provider" -> {
                ProviderConfig provider = providers.get(settings.provider());
                if (provider == null) {
                    throw new ConfigException("cache.embedder.provider: unknown provider '" + settings.provider()
                            + "' (known: " + providers.keySet() + ")");
                }
                yield new ProviderEmbedder(settings.provider(), provider, settings.model());
            }
            default -> new MiniLmEmbedder();
        };
    }
}
