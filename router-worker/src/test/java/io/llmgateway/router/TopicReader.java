package io.llmgateway.router;

import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads every partition of a topic from the beginning on a thread of its own (assigned, no group
 * to join), so tests await what arrived instead of opening a consumer per question.
 */
final class TopicReader<V> implements AutoCloseable {

    private final Topic<String, V> topic;
    private final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closing;

    TopicReader(String bootstrapServers, Topic<String, V> topic, int partitions) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic.name(), p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        this.thread = Thread.ofPlatform().name("reader-" + topic.name()).start(() -> {
            try (consumer) {
                while (!closing) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                                topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                    }
                }
            }
        });
    }

    List<V> values(Predicate<V> which) {
        return records.stream().map(ConsumerRecord::value).filter(which).toList();
    }

    /** Waits until at least {@code count} values match, then returns them all. */
    List<V> await(Predicate<V> which, int count, Duration within) {
        Awaitility.await("" + count + " records on " + topic.name()).atMost(within)
                .pollInterval(Duration.ofMillis(20)).until(() -> values(which).size() >= count);
        return values(which);
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join();
    }
}
