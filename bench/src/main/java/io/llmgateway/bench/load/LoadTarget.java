package io.llmgateway.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * What an open-loop run sends requests to: the gateway over HTTP, the mock provider directly, or
 * the bare Kafka floor. {@link #send} must not block: the run's one scheduler thread calls it at
 * each intended send time.
 */
public interface LoadTarget extends AutoCloseable {

    /**
     * Starts request number {@code sequence}.
     *
     * @return completes with the answer once it is whole, or exceptionally when it failed
     */
    CompletableFuture<Answer> send(long sequence);

    /** A few words for the report, e.g. "gateway /v1/chat/completions (JSON)". */
    String describe();

    @Override
    default void close() {}
}
