package io.llmgateway.cache.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Embeddings from a provider's OpenAI-compatible {@code POST /embeddings} API, configured like
 * the router's providers (base URL, key from an environment variable, timeouts). Slower than the
 * in-process model (a network round trip per question) but any embedding model can be used; the
 * similarity threshold must then be measured again for that model.
 */
public final class ProviderEmbedder implements Embedder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String providerName;
    private final ProviderConfig provider;
    private final String model;
    private final int dimension;
    private final HttpClient http;

    /** Asks the provider once for the model's dimension, so a bad config fails at start. */
    public ProviderEmbedder(String providerName, ProviderConfig provider, String model) {
        this.providerName = providerName;
        this.provider = provider;
        this.model = model;
        this.http = HttpClient.newBuilder().connectTimeout(provider.connectTimeout()).build();
        this.dimension = embed("dimension probe").length;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("model", model, "input", text));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                    .timeout(provider.requestTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String key = provider.apiKey();
            if (key != null && !key.isBlank()) {
                request.header("Authorization", "Bearer " + key);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new EmbeddingException("provider " + providerName + " answered " + response.statusCode()
                        + " to an embeddings request for " + model);
            }
            JsonNode values = JSON.readTree(response.body()).path("data").path(0).path("embedding");
            if (!values.isArray() || values.isEmpty()) {
                throw new EmbeddingException("provider " + providerName + " sent no embedding for " + model);
            }
            float[] vector = new float[values.size()];
            double norm = 0;
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
                norm += vector[i] * vector[i];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < vector.length; i++) {
                vector[i] *= scale;
            }
            return vector;
        } catch (IOException e) {
            // The key is only ever in a header, never in this message.
            throw new EmbeddingException("embeddings request to provider " + providerName + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted while embedding", e);
        }
    }

    private URI endpoint() {
        String base = provider.baseUrl().toString();
        return URI.create(base.endsWith("/") ? base + "embeddings" : base + "/embeddings");
    }

    @Override
    public void close() {
        http.close();
    }
}
