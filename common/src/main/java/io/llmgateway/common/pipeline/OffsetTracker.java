package io.llmgateway.common.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are safe to commit when records finish out of order.
 *
 * <p>Records of one partition are taken in offset order but finish in any order (LLM calls
 * take seconds and vary). The committable position of a partition is its lowest unfinished
 * offset, or one past the highest taken offset when nothing is unfinished: committing further
 * would lose an unfinished record on a crash, committing less only re-delivers finished ones.
 *
 * <p>Not thread-safe: the pipeline's poll thread is its only user.
 */
final class OffsetTracker {

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /** A record was taken from the partition; it is unfinished until {@link #finished}. */
    void started(TopicPartition partition, long offset) {
        partitions.computeIfAbsent(partition, p -> new PartitionState()).start(offset);
    }

    /**
     * A record is done (its output acknowledged, or it was dead-lettered). An offset of a
     * partition no longer tracked (revoked meanwhile) is ignored: the new owner re-delivers it.
     */
    void finished(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state != null) {
            state.finish(offset);
        }
    }

    /** Unfinished records over all partitions. */
    int unfinished() {
        int total = 0;
        for (PartitionState state : partitions.values()) {
            total += state.unfinished.size();
        }
        return total;
    }

    /** Positions that moved since they were last marked committed, for every partition. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    /** Positions that moved since they were last marked committed, for the given partitions. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : which) {
            PartitionState state = partitions.get(partition);
            if (state != null && state.position() > state.committed) {
                offsets.put(partition, new OffsetAndMetadata(state.position()));
            }
        }
        return offsets;
    }

    /**
     * The current positions of the given partitions whether or not they moved, for the last
     * commit before a partition is given up: it must not depend on an earlier asynchronous
     * commit having succeeded.
     */
    Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : which) {
            PartitionState state = partitions.get(partition);
            if (state != null && state.position() >= 0) {
                offsets.put(partition, new OffsetAndMetadata(state.position()));
            }
        }
        return offsets;
    }

    /** Every tracked partition. */
    Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /** The positions were committed (or a commit of them is under way); they are not offered again. */
    void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.committed = Math.max(state.committed, offset.offset());
            }
        });
    }

    /** Stops tracking partitions this consumer no longer owns. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class PartitionState {
        private final TreeSet<Long> unfinished = new TreeSet<>();
        /** One past the highest offset taken: the position when nothing is unfinished. */
        private long next = -1;
        private long committed = -1;

        void start(long offset) {
            unfinished.add(offset);
            next = Math.max(next, offset + 1);
        }

        void finish(long offset) {
            unfinished.remove(offset);
        }

        long position() {
            return unfinished.isEmpty() ? next : unfinished.first();
        }
    }
}
