package io.llmgateway.common.pipeline;

import java.util.function.Predicate;

/**
 * Which records of a {@link RecordPipeline} are batch work, served after interactive work.
 * Batch records take at most {@code maxInFlight} of the pipeline's slots, so interactive records
 * always find one free; records waiting for a slot are started interactive first. The pipeline
 * reads ahead up to {@code readAhead} waiting batch records, so an interactive record behind a
 * batch job's records in the same partition (a tenant's requests share one) is seen and started
 * before them: the read-ahead must be deeper than the batch jobs' bursts for that.
 *
 * <p>Limit of one shared topic: a partition holding more waiting batch records than the
 * read-ahead hides the interactive records behind them until the batch work drains. Where that
 * matters, give batch work a topic of its own.
 *
 * @param isBatch tells batch records from interactive ones
 * @param maxInFlight batch records handled at once (at most the pipeline's {@code maxInFlight})
 * @param readAhead batch records read and held waiting for a slot at most (memory: one
 *     deserialized record each)
 */
public record BatchLane<V>(Predicate<V> isBatch, int maxInFlight, int readAhead) {

    /** Batch records held waiting by default: a few MB of requests, deeper than most bursts. */
    public static final int DEFAULT_READ_AHEAD = 4_096;

    public BatchLane {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the batch lane needs at least one slot, was " + maxInFlight);
        }
        if (readAhead < 1) {
            throw new IllegalArgumentException("the batch lane's read-ahead must be at least 1, was " + readAhead);
        }
    }

    /** With the default read-ahead. */
    public BatchLane(Predicate<V> isBatch, int maxInFlight) {
        this(isBatch, maxInFlight, DEFAULT_READ_AHEAD);
    }

    /** Every record is interactive. */
    public static <V> BatchLane<V> none() {
        return new BatchLane<>(value -> false, Integer.MAX_VALUE, 1);
    }
}
