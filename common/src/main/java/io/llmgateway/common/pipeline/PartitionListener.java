package io.llmgateway.common.pipeline;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Told which partitions of its source a {@link RecordPipeline} owns, for services that keep
 * state per partition (the cache's Lucene shards). Called on the pipeline's poll thread inside
 * a rebalance: hand long work to another thread.
 */
public interface PartitionListener {

    PartitionListener NONE = new PartitionListener() {
        @Override
        public void assigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions) {
        }
    };

    /** The pipeline now consumes these partitions (in addition to those it had). */
    void assigned(Collection<TopicPartition> partitions);

    /** The pipeline gave these partitions up (revoked or lost); their records no longer come here. */
    void revoked(Collection<TopicPartition> partitions);
}
