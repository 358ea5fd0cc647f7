package io.llmgateway.common.kafka;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.security.Secrets;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Client settings every service shares, chosen for a latency-sensitive pipeline:
 * idempotent producers with {@code acks=all}, {@code linger.ms=0} (each hop would pay the linger
 * otherwise), and consumers that read only committed data.
 */
public final class KafkaClients {

    /** How long a producer's send may wait for metadata or buffer space. */
    public static final int PRODUCER_MAX_BLOCK_MS = 5_000;

    private KafkaClients() {}

    /**
     * Where the cluster is and how to authenticate to it ({@code kafka.security}, secrets from the
     * environment): what every client, Streams and admin included, starts from.
     */
    public static Properties connection(KafkaSettings kafka) {
        return connection(kafka, Secrets.environment());
    }

    public static Properties connection(KafkaSettings kafka, Secrets secrets) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.security().clientProperties(secrets));
        return props;
    }

    public static Properties producer(KafkaSettings kafka, String clientId) {
        return producer(kafka, clientId, Secrets.environment());
    }

    public static Properties producer(KafkaSettings kafka, String clientId, Secrets secrets) {
        Properties props = connection(kafka, secrets);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // The record limit the config checks ingress.max_body_bytes against (and the topics follow).
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxRecordBytes());
        // Fail fast instead of Kafka's 60 s: a send to a topic that does not exist (a reply topic
        // a batch job never created) or to a broker that is down must not hold its caller that long.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PRODUCER_MAX_BLOCK_MS);
        return props;
    }

    /**
     * A consumer that reads raw bytes, so that an undeserializable record reaches the service's
     * own code (and the dead-letter topic) instead of failing inside {@code poll}.
     */
    public static Properties rawConsumer(KafkaSettings kafka, String groupId, String clientId) {
        return rawConsumer(kafka, groupId, clientId, Secrets.environment());
    }

    public static Properties rawConsumer(KafkaSettings kafka, String groupId, String clientId, Secrets secrets) {
        Properties props = connection(kafka, secrets);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return props;
    }
}
