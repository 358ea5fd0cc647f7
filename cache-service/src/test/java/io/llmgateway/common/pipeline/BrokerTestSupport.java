package io.llmgateway.common.pipeline;

import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topic set-up and read-back for broker-backed tests. */
public final class BrokerTestSupport {

    private BrokerTestSupport() {}

    /** A topic name no other test uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static void createTopics(String bootstrap, int partitions, String... names)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get();
        }
    }

    /** One topic with topic-level settings (e.g. a {@code max.message.bytes} that refuses big records). */
    public static void createTopic(String bootstrap, String name, int partitions, Map<String, String> configs)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Reads a topic from the start until {@code count} records came or the time is up. */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int count,
                                                            Duration within) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The group's committed offset of a partition, -1 when none. */
    public static long committed(String bootstrap, String group, TopicPartition partition)
            throws ExecutionException, InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    /** A valid request, for the tenant {@code acme}, whose deadline is {@code deadlineMs}. */
    public static GatewayRequest request(String requestId, String model, String replyTopic, long createdAtMs,
                                         long deadlineMs) {
        return new GatewayRequest(requestId, "acme", "default", "acme-dev", model,
                List.of(ChatMessage.user("Hello through Kafka")), null, false, replyTopic, createdAtMs, deadlineMs,
                null, null, null, 4, null);
    }
}
