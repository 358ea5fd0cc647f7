package io.llmgateway.common.config;

/**
 * Which embedding model the semantic tier uses.
 *
 * @param type {@code minilm}: all-MiniLM-L6-v2 in process (shipped in a jar, no download);
 *     {@code provider}: a provider's embeddings API
 * @param provider with {@code provider}: the name of a provider of the {@code providers} section
 * @param model with {@code provider}: the provider's embedding model id
 */
public record CacheEmbedderSettings(String type, String provider, String model) {

    public static final CacheEmbedderSettings DEFAULTS = new CacheEmbedderSettings(null, null, null);

    public CacheEmbedderSettings {
        type = type == null || type.isBlank() ? "minilm" : type;
        switch (type) {
            case "minilm" -> { }
            case "provider" -> {
                if (provider == null || provider.isBlank()) {
                    throw new IllegalArgumentException("provider is required with type provider");
                }
                if (model == null || model.isBlank()) {
                    throw new IllegalArgumentException("model is required with type provider");
                }
            }
            default -> throw new IllegalArgumentException("type must be minilm or provider, was '" + type + "'");
        }
    }
}
