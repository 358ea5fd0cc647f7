package io.llmgateway.common.pipeline;

import java.util.function.Predicate;

/**
 * Which records of a {@link RecordPipeline} are batch work, served after interactive work.
 * Batch records take at most {@code maxInFlight} of the pipeline's slots, so interactive records
 * always find one free; records waiting for a slot are started interactive first. The pipeline
 * reads ahead (up to its {@code maxInFlight} records waiting) while the batch lane is full, so an
 * interactive record behind batch records of the same partition still jumps them.
 *
 * <p>Limit of one shared topic: a partition holding more waiting batch records than the
 * read-ahead hides the interactive records behind them until the batch work drains. Where that
 * matters, give batch work a topic of its own.
 *
 * @param isBatch tells batch records from interactive ones
 * @param maxInFlight batch records handled at once (at most the pipeline's {@code maxInFlight})
 */
public record BatchLane<V>(Predicate<V> isBatch, int maxInFlight) {

    public BatchLane {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("the batch lane needs at least one slot, was " + maxInFlight);
        }
    }

    /** Every record is interactive. */
    public static <V> BatchLane<V> none() {
        return new BatchLane<>(value -> false, Integer.MAX_VALUE);
    }
}
