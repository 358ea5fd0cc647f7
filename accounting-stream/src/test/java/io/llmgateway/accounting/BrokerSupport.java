package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Configs, producers and read_committed readers for the broker-backed accounting tests. */
final class BrokerSupport {

    private BrokerSupport() {}

    /**
     * A config whose topics and application id carry {@code prefix} (one broker serves a whole
     * test class), instances that fail over fast, and {@code extraYaml} (tenants, prices).
     */
    static GatewayConfig config(String bootstrapServers, String prefix, int partitions, String extraYaml) {
        return AccountingDriver.config(yaml(bootstrapServers, prefix, partitions, extraYaml));
    }

    /** The YAML of {@link #config}, for an instance in another process. */
    static String yaml(String bootstrapServers, String prefix, int partitions, String extraYaml) {
        return """
                kafka: {bootstrap_servers: "%1$s", partitions: %2$d}
                topics:
                  requests: %3$s.requests
                  admitted: %3$s.admitted
                  routable: %3$s.routable
                  usage: %3$s.usage
                  dead_letter: %3$s.dead-letter
                  reply_prefix: %3$s.replies.
                  cache_entries: %3$s.cache.entries
                  tenant_state: %3$s.tenant.state
                  costs: %3$s.costs
                  costs_hourly: %3$s.costs.hourly
                  budget_alerts: %3$s.budget.alerts
                accounting:
                  application_id: %3$s-accounting
                  commit_interval: 5ms
                  state_publish_interval: 100ms
                  http_host: 127.0.0.1
                  http_port: 0
                  advertised_host: 127.0.0.1
                  streams:
                    # A killed instance's partitions move on after 6 s, not the default 45 s.
                    consumer.session.timeout.ms: "6000"
                    consumer.heartbeat.interval.ms: "1000"
                %4$s
                """.formatted(bootstrapServers, partitions, prefix, extraYaml);
    }

    /** A producer of the requests topic that signs as the ingress does. */
    static KafkaProducer<String, GatewayRequest> ingressProducer(GatewayConfig config, String clientId) {
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        return new KafkaProducer<>(KafkaClients.producer(config.kafka(), clientId), requests.keySerde().serializer(),
                TestKeys.ingressSigned(requests));
    }

    static <V> KafkaProducer<String, V> producer(GatewayConfig config, Topic<String, V> topic, String clientId) {
        return new KafkaProducer<>(KafkaClients.producer(config.kafka(), clientId), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    /** A reader of every partition of {@code topic} from the beginning, that sees only committed records. */
    static <V> KafkaConsumer<String, V> committedReader(GatewayConfig config, Topic<String, V> topic) {
        Properties props = KafkaClients.rawConsumer(config.kafka(), "it-" + UUID.randomUUID(), "it-reader");
        // Said again here because it is the point: only what accounting committed is read.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads into {@code into} until {@code done} holds for it, or fails after {@code timeout}. */
    static <V> void readUntil(KafkaConsumer<String, V> consumer, List<ConsumerRecord<String, V>> into,
                              Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(into)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (have "
                        + into.size() + " records)");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(into::add);
        }
    }

    static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        List<V> values = new ArrayList<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }
}
