package io.llmgateway.cache.embed;

/**
 * Turns a question into a vector for the semantic tier. Implementations are thread-safe and
 * return unit-length vectors of {@link #dimension()} floats.
 */
public interface Embedder extends AutoCloseable {

    int dimension();

    /**
     * @throws EmbeddingException when the text cannot be embedded (a provider API failed); the
     *     cache then answers from the exact tier only
     */
    float[] embed(String text);

    /** Releases the model or the HTTP client. */
    @Override
    void close();
}
