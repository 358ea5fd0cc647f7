package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.accounting.finance.CostCsv;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSecurity;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.testkit.KafkaCliReplay;
import io.llmgateway.testkit.SaslKafka;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway on a secured Kafka: a SASL/SCRAM listener and an authorizer that denies what no
 * ACL allows. The users and ACLs are the ones {@code scripts/kafka-acls.sh} creates (its
 * {@code kafka-configs}/{@code kafka-acls} calls replayed through the Admin API), each service
 * runs as its own user, and tenants acme and globex have batch producers of their own.
 * The services' passwords are test values the pom puts in the environment, where a deployment
 * puts its own.
 */
class SecuredKafkaTest {

    @RegisterExtension
    static final SaslKafka KAFKA = new SaslKafka();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> SERVICE_USERS = Map.of(
            "ingress", "gateway-ingress", "accounting", "gateway-accounting",
            "cache", "gateway-cache", "router", "gateway-router");
    private static final String ACME_PASSWORD = "acme-" + UUID.randomUUID();
    private static final String GLOBEX_PASSWORD = "globex-" + UUID.randomUUID();
    private static final String FINANCE_PASSWORD_ENV = "GATEWAY_KAFKA_PASSWORD_FINANCE";

    private static DevGateway gateway;
    private static GatewayConfig config;

    @BeforeAll
    static void secureTheClusterAndStartTheGateway() throws Exception {
        Map<String, String> scriptEnv = new HashMap<>();
        Map<String, KafkaSecurity> principals = new LinkedHashMap<>();
        SERVICE_USERS.forEach((service, user) -> {
            String variable = passwordVariable(service);
            scriptEnv.put(variable, System.getenv(variable));
            principals.put(service, scram(user, variable));
        });
        scriptEnv.put(FINANCE_PASSWORD_ENV, System.getenv(FINANCE_PASSWORD_ENV));
        scriptEnv.put("GATEWAY_KAFKA_PASSWORD_TENANT_ACME", ACME_PASSWORD);
        scriptEnv.put("GATEWAY_KAFKA_PASSWORD_TENANT_GLOBEX", GLOBEX_PASSWORD);
        scriptEnv.put("GATEWAY_KAFKA_ADMIN_USER", "unused-the-replay-is-the-super-user");
        scriptEnv.put("GATEWAY_KAFKA_ADMIN_PASSWORD", "unused");
        KafkaCliReplay.run(KAFKA, Path.of("../scripts/kafka-acls.sh"), scriptEnv,
                "--bootstrap-server", KAFKA.bootstrapServers(), "--finance", "--tenant", "acme", "--tenant", "globex");

        String yaml = Files.readString(Path.of("../config/gateway.example.yaml"))
                .replace("# batch_signing_key_env: ACME_BATCH_KEY", "batch_signing_key_env: ACME_BATCH_KEY")
                .replace("\n  globex:\n    projects: [default]\n",
                        "\n  globex:\n    projects: [default]\n    batch_signing_key_env: GLOBEX_BATCH_KEY\n");
        assertThat(yaml).contains("batch_signing_key_env: ACME_BATCH_KEY", "batch_signing_key_env: GLOBEX_BATCH_KEY");
        GatewayConfig example = GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "gateway.example.yaml");
        gateway = DevGateway.start(example, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC(), principals);
        config = gateway.config();
    }

    private static KafkaSecurity scram(String user, String passwordEnv) {
        return new KafkaSecurity("SASL_PLAINTEXT", SaslKafka.MECHANISM, user, passwordEnv, null, null, null, null, null);
    }

    private static String passwordVariable(String service) {
        return "GATEWAY_KAFKA_PASSWORD_" + service.toUpperCase(java.util.Locale.ROOT);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyServiceRunsAsItsOwnUserAndARequestIsServedAndBilled() throws Exception {
        String requestId = chat("Hello, secured Kafka");

        // Accounting, as its own user, read the router's usage and wrote the cost.
        CostRecord cost = firstOn(Topics.COSTS.named(config.topics().costs()), c -> c.requestId().equals(requestId));
        assertThat(cost.tenantId()).isEqualTo("acme");
    }

    @Test
    void financeExportsTheCostsAndReadsNoPrompt() throws Exception {
        String requestId = chat("Bill me");
        firstOn(Topics.COSTS.named(config.topics().costs()), c -> c.requestId().equals(requestId));
        GatewayConfig asFinance = config.withKafka(config.kafka().withSecurity(
                scram("gateway-finance", FINANCE_PASSWORD_ENV)));
        StringWriter csv = new StringWriter();

        long written = CostCsv.export(asFinance, csv, false, () -> false);

        assertThat(written).isPositive();
        assertThat(csv.toString()).contains(requestId);
        String password = System.getenv(FINANCE_PASSWORD_ENV);
        assertThatThrownBy(() -> readAs(config.topics().requests(), "gateway-finance", password, "finance-peek"))
                .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
    }

    /** A chat completion through the ingress as tenant acme; returns its request id. */
    private static String chat(String content) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.ingressPort() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-gw-demo-acme")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "%s"}]}
                        """.formatted(content)))
                .timeout(WAIT)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains(content);
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    @Test
    void aServiceUserCannotSkipAStage() {
        // The ingress may write requests (and the usage of requests it refuses itself), but not
        // admitted or routable ones, nor costs: admission and charging stay in the way.
        try (var ingress = producer(System.getenv(passwordVariable("ingress")), "gateway-ingress")) {
            assertDenied(ingress, config.topics().admitted());
            assertDenied(ingress, config.topics().routable());
            assertDenied(ingress, config.topics().costs());
        }
        try (var router = producer(System.getenv(passwordVariable("router")), "gateway-router")) {
            assertDenied(router, config.topics().requests());
            assertDenied(router, config.topics().tenantState());
        }
    }

    @Test
    void tenantAsProducerCannotGetWorkServedOrBilledAsTenantB() throws Exception {
        String acmeKey = gateway.secrets().get("ACME_BATCH_KEY").orElseThrow();
        String acmeReplies = config.topics().batchReplyPrefix("acme") + "job-1";
        String globexReplies = config.topics().batchReplyPrefix("globex") + "job-1";
        try (Admin acmeAdmin = Admin.create(KAFKA.clientOf("tenant-acme", ACME_PASSWORD))) {
            acmeAdmin.createTopics(List.of(new NewTopic(acmeReplies, 1, (short) 1))).all().get();
            // Not under globex's prefix.
            assertThatThrownBy(() -> acmeAdmin.createTopics(List.of(new NewTopic(globexReplies, 1, (short) 1)))
                    .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        GatewayRequest asGlobex = batchRequest("forged-" + UUID.randomUUID(), "globex", acmeReplies);
        GatewayRequest own = batchRequest("own-" + UUID.randomUUID(), "acme", acmeReplies);
        try (KafkaProducer<String, GatewayRequest> acme = new KafkaProducer<>(
                producerProps(ACME_PASSWORD, "tenant-acme"), requests.keySerde().serializer(),
                new SigningSerializer<>(requests.valueSerde().serializer(), RequestSignature.Signer.TENANT, acmeKey))) {
            // 1. On llm.requests, signed with acme's key but claiming globex: admission refuses it.
            acme.send(new ProducerRecord<>(requests.name(), "globex", asGlobex)).get();
            acme.send(new ProducerRecord<>(requests.name(), "acme", own)).get();
            // 2. Straight to the topics after admission, where no signature is checked: the broker refuses.
            for (String internal : List.of(config.topics().admitted(), config.topics().routable(),
                    config.topics().usage())) {
                assertThatThrownBy(() -> acme.send(new ProducerRecord<>(internal, "globex", asGlobex)).get())
                        .as(internal).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }

        DeadLetter letter = firstOn(config.topics().deadLetterTopic(), d -> d.reason().contains("'globex'"));
        assertThat(letter.reason()).isEqualTo(
                "the signature (header gateway-signature) is not the tenant's for this value and tenant 'globex'");
        // acme's own request is answered on acme's topic, which acme's user reads in its own group...
        Reply answer = firstReply(acmeReplies, "tenant-acme", ACME_PASSWORD, own.requestId());
        assertThat(answer.kind()).isEqualTo(ReplyKind.FINAL);
        // ...and billed to acme; the forged one to nobody.
        assertThat(firstOn(Topics.COSTS.named(config.topics().costs()), c -> c.requestId().equals(own.requestId()))
                .tenantId()).isEqualTo("acme");
        assertThat(allOn(Topics.COSTS.named(config.topics().costs())))
                .noneMatch(c -> c.requestId().equals(asGlobex.requestId()));
        // 3. acme's user cannot read globex's answers, nor the requests of anyone.
        assertThatThrownBy(() -> firstReply(globexReplies, "tenant-acme", ACME_PASSWORD, "x"))
                .isInstanceOfAny(TopicAuthorizationException.class, GroupAuthorizationException.class);
        assertThatThrownBy(() -> readAs(config.topics().requests(), "tenant-acme", ACME_PASSWORD,
                config.topics().batchReplyPrefix("acme") + "peek")).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000));
        try (var producer = new KafkaProducer<>(anonymous, new StringSerializer(), new StringSerializer())) {
            // A PLAINTEXT client gets no answer from a SASL listener: not even the topic's metadata.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(config.topics().requests(), "k", "v")).get())
                    .isInstanceOf(ExecutionException.class);
        }
        try (var producer = producer("not-the-password", "gateway-ingress")) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(config.topics().requests(), "k", "v")).get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static GatewayRequest batchRequest(String requestId, String tenant, String replyTopic) {
        long now = System.currentTimeMillis();
        return new GatewayRequest(requestId, tenant, "default", "batch-job", "gpt-4o-mini",
                List.of(ChatMessage.user("batch question " + requestId)), new SamplingParams(0.0, null, 16, null, null),
                false, replyTopic, now, now + WAIT.toMillis(), Priority.BATCH, CachePolicy.DEFAULT, null, 1, null);
    }

    private static void assertDenied(KafkaProducer<String, String> producer, String topic) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                .as(topic).hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private static KafkaProducer<String, String> producer(String password, String user) {
        return new KafkaProducer<>(producerProps(password, user), new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> producerProps(String password, String user) {
        Map<String, Object> props = new HashMap<>(KAFKA.clientOf(user, password));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return props;
    }

    private static Reply firstReply(String topic, String user, String password, String requestId) {
        Topic<String, Reply> replies = Topics.replies(topic);
        for (byte[] value : readAs(topic, user, password, topic, r -> replies.valueSerde().deserializer()
                .deserialize(topic, r).requestId().equals(requestId))) {
            return replies.valueSerde().deserializer().deserialize(topic, value);
        }
        throw new AssertionError("no reply to " + requestId + " on " + topic);
    }

    private static List<byte[]> readAs(String topic, String user, String password, String group) {
        return readAs(topic, user, password, group, r -> true);
    }

    /** Reads {@code topic} as {@code user} in {@code group} until a value matches (or the wait ends). */
    private static List<byte[]> readAs(String topic, String user, String password, String group,
                                       Predicate<byte[]> wanted) {
        Map<String, Object> props = new HashMap<>(KAFKA.clientOf(user, password));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + WAIT.toNanos();
            while (found.isEmpty() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r.value())) {
                        found.add(r.value());
                    }
                });
            }
        }
        return found;
    }

    /** The first value on {@code topic} (read as the super user) that matches. */
    private static <V> V firstOn(Topic<String, V> topic, Predicate<V> wanted) {
        try (var consumer = superUserReader()) {
            consumer.subscribe(List.of(topic.name()));
            long until = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    V value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                    if (wanted.test(value)) {
                        return value;
                    }
                }
            }
        }
        throw new AssertionError("nothing wanted on " + topic.name() + " within " + WAIT);
    }

    /** Everything on {@code topic} now (read as the super user). */
    private static <V> List<V> allOn(Topic<String, V> topic) {
        List<V> all = new ArrayList<>();
        try (var consumer = superUserReader()) {
            consumer.subscribe(List.of(topic.name()));
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(
                        topic.valueSerde().deserializer().deserialize(topic.name(), r.value())));
            }
        }
        return all;
    }

    private static KafkaConsumer<String, byte[]> superUserReader() {
        Map<String, Object> props = new HashMap<>(KAFKA.superUserClient());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
