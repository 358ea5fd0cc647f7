package io.llmgateway.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The partitions of a topic read without a consumer group (a private reply topic, tenant-state
 * snapshots, cancels): every such reader assigns them all itself.
 */
public final class PartitionsOf {

    private static final Duration RETRY = Duration.ofMillis(200);

    private PartitionsOf() {}

    /**
     * Right after a topic is created its metadata may not have reached the broker the consumer
     * asks: ask again until it has. Ends with {@link WakeupException} when {@code closing} turns
     * true or the thread is interrupted, the same way out as a woken {@code poll}.
     */
    public static List<TopicPartition> await(Consumer<?, ?> consumer, String topic, BooleanSupplier closing) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (closing.getAsBoolean()) {
                throw new WakeupException();
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }
}
