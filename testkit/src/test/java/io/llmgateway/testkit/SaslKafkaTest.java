package io.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The secured broker refuses who has no credentials, and lets a SCRAM user do only what its ACLs say. */
class SaslKafkaTest {

    @RegisterExtension
    static final SaslKafka KAFKA = new SaslKafka();

    @BeforeAll
    static void aUserWithOneAcl() throws Exception {
        try (Admin admin = KAFKA.superUserAdmin()) {
            admin.createTopics(List.of(new NewTopic("allowed", 1, (short) 1), new NewTopic("forbidden", 1, (short) 1)))
                    .all().get();
        }
        KAFKA.createScramUser("writer", "writer-secret");
        KAFKA.allow(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "allowed", PatternType.LITERAL),
                new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));
    }

    @Test
    void aScramUserWritesWhereAnAclAllowsIt() throws Exception {
        try (KafkaProducer<String, String> producer = producer(KAFKA.clientOf("writer", "writer-secret"))) {
            assertThat(producer.send(new ProducerRecord<>("allowed", "k", "v")).get().offset()).isZero();
        }
    }

    @Test
    void aScramUserCannotWriteWhereNoAclAllowsIt() {
        try (KafkaProducer<String, String> producer = producer(KAFKA.clientOf("writer", "writer-secret"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("forbidden", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (KafkaProducer<String, String> producer = producer(KAFKA.clientOf("writer", "not-the-password"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("allowed", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        Map<String, Object> plaintext = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(plaintext)) {
            // A PLAINTEXT client cannot even speak to a SASL listener: it never gets an answer.
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aScriptsKafkaCliCallsAreReplayedOnTheBroker(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("setup.sh"), """
                "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server b:9092 --alter \\
                  --add-config "SCRAM-SHA-512=[password=$READER_PASSWORD]" --entity-type users --entity-name reader
                "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server b:9092 --add --force --allow-principal User:reader \\
                  --operation Read --operation DescribeConfigs --resource-pattern-type prefixed --topic allow
                """);

        List<AclBinding> acls = KafkaCliReplay.run(KAFKA, script, Map.of("READER_PASSWORD", "reader-secret"));

        assertThat(acls).extracting(a -> a.entry().operation())
                .containsExactly(AclOperation.READ, AclOperation.DESCRIBE_CONFIGS);
        assertThat(acls).allSatisfy(a -> assertThat(a.pattern()).isEqualTo(
                new ResourcePattern(ResourceType.TOPIC, "allow", PatternType.PREFIXED)));
        try (Admin reader = Admin.create(KAFKA.clientOf("reader", "reader-secret"))) {
            assertThat(reader.describeTopics(List.of("allowed")).allTopicNames().get()).containsKey("allowed");
        }
    }

    @Test
    void aCallKafkaAclsWouldRefuseFailsTheReplay(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("setup.sh"), """
                "$KAFKA_BIN/kafka-acls.sh" --bootstrap-server b:9092 --add --allow-principal User:x \\
                  --operation Write --group some-group
                """);

        assertThatThrownBy(() -> KafkaCliReplay.run(KAFKA, script, Map.of()))
                .hasMessageContaining("kafka-acls refuses WRITE on a GROUP");
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(10).toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
