package io.llmgateway.bench.floor;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** A topic's partitions, once its metadata has reached the client (a just-created topic's may not have). */
public final class Partitions {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Partitions() {}

    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic) {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no partitions of " + topic + " after " + TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
        }
    }
}
