package io.llmgateway.bench.load;

/**
 * How one request ended.
 *
 * @param failure null when the request succeeded; else a short reason, counted per reason
 * @param firstTokenNanos {@link System#nanoTime} of the first streamed token; 0 when the answer
 *     was not streamed (then only the whole answer's latency is known)
 */
public record Answer(String failure, long firstTokenNanos) {

    public static Answer ok() {
        return new Answer(null, 0);
    }

    public static Answer streamed(long firstTokenNanos) {
        return new Answer(null, firstTokenNanos);
    }

    public static Answer failed(String reason) {
        return new Answer(reason, 0);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
