package io.llmgateway.accounting;

import static io.llmgateway.accounting.BrokerSupport.committedReader;
import static io.llmgateway.accounting.BrokerSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real broker, what a hostile or broken producer can throw at accounting leaves it running
 * and serving: an 8 MiB record on the requests topic (a topic whose limit an operator raised),
 * 10,000 requests and 10,000 usage records naming distinct project ids, and requests for an
 * unknown tenant, an unknown model and another tenant's reply topic. Each refused record is a
 * dead letter with its reason, every dead letter and ledger record stays far below the record
 * limit, and the next valid request is admitted.
 */
class PoisonAndFloodOnARealBrokerTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final int POISON_BYTES = 8 * 1024 * 1024;
    private static final int FLOOD = 10_000;

    @Test
    void poisonAndTenThousandProjectIdsLeaveAccountingRunningAndEveryRefusalIsADeadLetterWithItsReason()
            throws Exception {
        GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), "poison", 2, """
                providers:
                  mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
                models:
                  gpt-4o-mini: {deployments: [{provider: mock, model: gpt-4o-mini}]}
                tenants:
                  acme:
                    batch_signing_key_env: %s
                  globex: {}
                """.formatted(TestKeys.ACME_BATCH_ENV));
        String acmeReplies = config.topics().batchReplyPrefix("acme") + "job";
        String globexReplies = config.topics().batchReplyPrefix("globex") + "job";
        PipelineTopics.ensure(config, acmeReplies, globexReplies);
        allowRecordsOf(config.topics().requests(), POISON_BYTES + 1024 * 1024);
        long now = System.currentTimeMillis();
        // Long enough for this shared machine to work through the flood before "after" is admitted.
        long deadline = now + Duration.ofMinutes(10).toMillis();
        byte[] poison = new byte[POISON_BYTES];
        Arrays.fill(poison, (byte) '[');

        try (AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
             KafkaProducer<String, byte[]> raw = rawProducer(config);
             KafkaProducer<String, GatewayRequest> acme = batchProducer(config);
             KafkaProducer<String, UsageRecord> usage = BrokerSupport.producer(config, config.topics().usageTopic(),
                     "usage-flood");
             KafkaConsumer<String, DeadLetter> deadLetters = committedReader(config, config.topics().deadLetterTopic());
             KafkaConsumer<String, GatewayRequest> admitted = committedReader(config, config.topics().admittedTopic())) {
            service.start();
            service.awaitRunning(WAIT);
            String requests = config.topics().requests();

            raw.send(new ProducerRecord<>(requests, "acme", poison)).get();
            for (int i = 0; i < FLOOD; i++) {
                acme.send(new ProducerRecord<>(requests, "acme", Messages.request("flood-" + i, "acme", "p-" + i,
                        "gpt-4o-mini", 10, 0, now, deadline, acmeReplies)));
                usage.send(new ProducerRecord<>(config.topics().usage(), "acme", Messages.usage("used-" + i, "acme",
                        "p-" + i, "gpt-4o-mini", "gpt-4o-mini", new TokenUsage(1, 1, 0), now)));
            }
            acme.send(new ProducerRecord<>(requests, "nobody", Messages.request("unknown-tenant", "nobody",
                    "default", "gpt-4o-mini", 10, 0, now, deadline, acmeReplies)));
            acme.send(new ProducerRecord<>(requests, "acme", Messages.request("unknown-model", "acme", "default",
                    "gpt-5-turbo-max", 10, 0, now, deadline, acmeReplies)));
            acme.send(new ProducerRecord<>(requests, "acme", Messages.request("foreign-replies", "acme", "default",
                    "gpt-4o-mini", 10, 0, now, deadline, globexReplies)));
            acme.send(new ProducerRecord<>(requests, "acme", Messages.request("after", "acme", "default",
                    "gpt-4o-mini", 10, 0, now, deadline, acmeReplies))).get();
            usage.flush();

            List<ConsumerRecord<String, GatewayRequest>> admittedRecords = new ArrayList<>();
            readUntil(admitted, admittedRecords, l -> !l.isEmpty(), WAIT, "the valid request after the flood");
            List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
            readUntil(deadLetters, letters, l -> l.size() >= FLOOD + 4, WAIT, "a dead letter for each refusal");

            service.awaitRunning(Duration.ofSeconds(1)); // throws if the app stopped
            assertThat(admittedRecords).extracting(r -> r.value().requestId()).containsExactly("after");
            DeadLetter poisoned = letters.stream().map(ConsumerRecord::value)
                    .filter(l -> l.originalBytes() == POISON_BYTES).findFirst().orElseThrow();
            assertThat(poisoned.truncated()).isTrue();
            assertThat(poisoned.originalSha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(poison)));
            assertThat(letters).extracting(r -> r.value().reason())
                    .contains("unknown tenant 'nobody'",
                            "model 'gpt-5-turbo-max' is not one tenant 'acme' may use",
                            "reply_topic '" + globexReplies + "' is not one of tenant 'acme' (it must start with '"
                                    + config.topics().batchReplyPrefix("acme") + "')")
                    .filteredOn(reason -> reason.startsWith("unknown project of tenant 'acme'")).hasSize(FLOOD);
            assertThat(letters).allSatisfy(r -> assertThat(r.serializedValueSize()).isLessThan(128 * 1024));
            assertThat(largestLedgerRecord(config)).as("bytes of the largest ledger record").isLessThan(4 * 1024);
        }
    }

    /** What an operator who raised the topic's limit allows (the gateway creates it with kafka.max_record_bytes). */
    private static void allowRecordsOf(String topic, int bytes) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private static KafkaProducer<String, byte[]> rawProducer(GatewayConfig config) {
        Properties props = KafkaClients.producer(config.kafka(), "poisoner");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(POISON_BYTES + 1024 * 1024));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaProducer<String, GatewayRequest> batchProducer(GatewayConfig config) {
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        return new KafkaProducer<>(KafkaClients.producer(config.kafka(), "acme-batch"),
                requests.keySerde().serializer(), new SigningSerializer<>(requests.valueSerde().serializer(),
                        RequestSignature.Signer.TENANT, TestKeys.ACME_BATCH_KEY));
    }

    /** The largest record on the ledgers' changelog: a ledger is one record, and must stay one. */
    private static int largestLedgerRecord(GatewayConfig config) {
        String changelog = config.accounting().applicationId() + "-" + AccountingStores.LEDGERS + "-changelog";
        Properties props = KafkaClients.rawConsumer(config.kafka(), "it-" + UUID.randomUUID(), "it-changelog");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            int largest = 0;
            long until = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    largest = Math.max(largest, record.serializedValueSize());
                }
            }
            return largest;
        }
    }
}
