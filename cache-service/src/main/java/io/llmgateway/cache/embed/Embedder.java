package io.llmgateway.cache.embed;

/**
 * Turns a question into a vector for the semantic tier. Implementations are thread-safe and
 * return unit-length vectors of {@link #dimension()} floats.
 */
public interface Embedder extends AutoCloseable {

    int dimension();

    /**
     * The model the vectors come from: vectors of different models are not comparable (the
     * learned cache policy is trained on {@link MiniLmEmbedder#MODEL}'s).
     */
    default String model() {
        return "unknown";
    }

    /**
     * @throws EmbeddingException when the text cannot be embedded (a provider API failed); the
     *     cache then answers from the exact tier only
     */
    float[] embed(String text);

    /** Releases the model or the HTTP client. */
    @Override
    void close();
}
