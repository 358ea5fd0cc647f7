package io.llmgateway.cache.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized ONNX), run in process through LangChain4j's ONNX runtime. The
 * model ships inside a Maven artifact: nothing is downloaded at run time.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final int DIMENSION = 384;
    public static final String MODEL = "all-MiniLM-L6-v2-q";

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    /** Loads the model (about half a second); one instance serves every thread. */
    public MiniLmEmbedder() {
        // Runs each embedding on the caller's thread: the cache calls it from its own workers.
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public float[] embed(String text) {
        Embedding embedding = model.embed(text).content();
        embedding.normalize();
        return embedding.vector();
    }

    @Override
    public void close() {
        // The ONNX session lives as long as the class loader; LangChain4j offers no close.
    }
}
