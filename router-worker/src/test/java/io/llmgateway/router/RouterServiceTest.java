package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.common.config.RouterSettings;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The router worker with a real broker and the mock provider over loopback HTTP. */
class RouterServiceTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** How long to keep listening to prove that nothing more comes. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private static MockProviderServer mock;

    private GatewayConfig config;
    private Topic<String, Reply> replies;
    private KafkaProducer<String, byte[]> producer;
    private RouterService router;

    @BeforeAll
    static void startMock() {
        mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @BeforeEach
    void startRouter() throws Exception {
        String run = UUID.randomUUID().toString();
        TopicNames topics = new TopicNames("requests-" + run, "admitted-" + run, "routable-" + run, "usage-" + run,
                "dead-" + run, "replies-" + run + ".");
        replies = topics.repliesTopic("test");
        ProviderConfig provider = new ProviderConfig(ProviderType.OPENAI, URI.create(mock.baseUrl()), null,
                Duration.ofSeconds(1), Duration.ofMillis(700));
        // A base URL the HTTP client refuses at call time: the adapter throws, not a provider error.
        ProviderConfig badUrl = new ProviderConfig(ProviderType.OPENAI, URI.create("ftp://127.0.0.1:1/v1"), null,
                Duration.ofSeconds(1), Duration.ofMillis(700));
        config = new GatewayConfig(new KafkaSettings(KAFKA.bootstrapServers(), 3, (short) 1), topics, null,
                new RouterSettings("router-" + run, 16), null, null, Map.of("mock", provider, "bad-url", badUrl),
                Map.of("mock-echo", new ModelConfig(List.of(new Deployment("mock", "mock-echo", 0, 1))),
                        "bad-url-model", new ModelConfig(List.of(new Deployment("bad-url", "gpt-x", 0, 1)))),
                RouterHarness.ACME, null);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(topics.routable(), topics.usage(), topics.deadLetter(), replies.name()).stream()
                    .map(name -> new NewTopic(name, 3, (short) 1)).toList()).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        router = new RouterService(config, Clock.systemUTC()).start();
    }

    @AfterEach
    void stopRouter() {
        router.close();
        producer.close();
        mock.reset();
    }

    private GatewayRequest request(String model, long createdAtMs, long deadlineMs) {
        return new GatewayRequest("req-" + UUID.randomUUID(), "acme", "default", "acme-dev", model,
                List.of(ChatMessage.user("Hello through Kafka")), null, false, replies.name(), createdAtMs, deadlineMs,
                null, null, null, 3, null);
    }

    private GatewayRequest freshRequest() {
        long now = System.currentTimeMillis();
        return request("mock-echo", now, now + 30_000);
    }

    private void route(GatewayRequest request) throws Exception {
        Topic<String, GatewayRequest> routable = config.topics().routableTopic();
        producer.send(new ProducerRecord<>(routable.name(), request.requestId(),
                routable.valueSerde().serializer().serialize(routable.name(), request))).get();
    }

    private <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, int count, Duration within) {
        return read(topic, count, within, Duration.ZERO);
    }

    /**
     * Reads until {@code count} records came (at most {@code within}), then listens {@code quiet}
     * longer, with one consumer: a second consumer would first have to join its group.
     */
    private <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, int count, Duration within,
                                                     Duration quiet) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + within.toNanos();
            Long quietUntil = null;
            while (System.nanoTime() < (quietUntil != null ? quietUntil : deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                            topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                }
                if (quietUntil == null && records.size() >= count) {
                    if (quiet.isZero()) {
                        break;
                    }
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        return records;
    }

    /** The one reply of the request, after checking no second one follows. */
    private Reply onlyReply(GatewayRequest request) {
        List<ConsumerRecord<String, Reply>> got = read(replies, 1, WITHIN, QUIET);
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().key()).isEqualTo(request.requestId());
        return got.getFirst().value();
    }

    /** The one usage record of the request, after checking no second one follows. */
    private UsageRecord onlyUsage(GatewayRequest request) {
        Topic<String, UsageRecord> usage = config.topics().usageTopic();
        List<ConsumerRecord<String, UsageRecord>> got = read(usage, 1, WITHIN, QUIET);
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().key()).isEqualTo(request.tenantId());
        assertThat(got.getFirst().value().requestId()).isEqualTo(request.requestId());
        return got.getFirst().value();
    }

    @Test
    void aRoutableRequestGetsAFinalReplyAndExactlyOneUsageRecord() throws Exception {
        GatewayRequest request = freshRequest();
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(reply.requestId()).isEqualTo(request.requestId());
        assertThat(reply.content()).isEqualTo("Hello through Kafka");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage()).isEqualTo(new TokenUsage(3, 3, 0));
        assertThat(reply.model()).isEqualTo("mock-echo");
        assertThat(reply.provider()).isEqualTo("mock");
        assertThat(reply.cache()).isEqualTo(CacheStatus.MISS);

        UsageRecord usage = onlyUsage(request);
        assertThat(usage.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(usage.usage()).isEqualTo(new TokenUsage(3, 3, 0));
        assertThat(usage.provider()).isEqualTo("mock");
        assertThat(usage.modelRequested()).isEqualTo("mock-echo");
        assertThat(usage.modelServed()).isEqualTo("mock-echo");
        assertThat(usage.attempts()).isEqualTo(1);
        assertThat(usage.cacheHit()).isFalse();
        assertThat(usage.fallbackUsed()).isFalse();
        assertThat(usage.finishedAtMs()).isGreaterThanOrEqualTo(usage.startedAtMs());
        assertThat(usage.latencyMs()).isEqualTo(usage.finishedAtMs() - usage.startedAtMs());
        assertThat(usage.errorCode()).isNull();
    }

    @Test
    void aProviderThatKeepsFailingGetsA503ListingTheAttemptsAndAFailedUsageRecord() throws Exception {
        mock.behave(MockBehavior.DEFAULT.failingFraction(1.0, 500));
        GatewayRequest request = freshRequest();
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(reply.error().status()).isEqualTo(503);
        assertThat(reply.error().type()).isEqualTo("provider_error");
        assertThat(reply.error().code()).isEqualTo("all_deployments_failed");
        assertThat(reply.error().message()).contains("mock/mock-echo: HTTP 500 server_error");

        UsageRecord usage = onlyUsage(request);
        assertThat(usage.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(usage.attempts()).isEqualTo(2); // the default retry: one more try
        assertThat(usage.provider()).isEqualTo("mock");
        assertThat(usage.modelServed()).isNull();
        assertThat(usage.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(usage.errorCode()).isEqualTo("all_deployments_failed");
    }

    @Test
    void aSingleProviderFailureIsRetriedAndAnswered() throws Exception {
        mock.behave(MockBehavior.DEFAULT.failingNext(1, 500));
        GatewayRequest request = freshRequest();
        route(request);

        assertThat(onlyReply(request).kind()).isEqualTo(ReplyKind.FINAL);
        UsageRecord usage = onlyUsage(request);
        assertThat(usage.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(usage.attempts()).isEqualTo(2);
        assertThat(usage.fallbackUsed()).isFalse();
    }

    @Test
    void aRequestPastItsDeadlineGetsA504WithoutAProviderCall() throws Exception {
        long now = System.currentTimeMillis();
        GatewayRequest request = request("mock-echo", now - 10_000, now - 5_000);
        long callsBefore = mock.chatRequests();
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(reply.error().status()).isEqualTo(504);
        assertThat(reply.error().type()).isEqualTo("timeout");
        assertThat(reply.error().code()).isEqualTo("deadline_exceeded");

        UsageRecord usage = onlyUsage(request);
        assertThat(usage.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(usage.attempts()).isZero();
        assertThat(usage.provider()).isNull();
        assertThat(mock.chatRequests()).isEqualTo(callsBefore);
    }

    @Test
    void aProviderThatNeverAnswersInTimeGetsA503ListingTheTimeouts() throws Exception {
        mock.behave(MockBehavior.DEFAULT.hangingNext(2));
        GatewayRequest request = freshRequest();
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.error().status()).isEqualTo(503);
        assertThat(reply.error().message()).contains("mock/mock-echo: timeout");
        assertThat(onlyUsage(request).attempts()).isEqualTo(2);
    }

    @Test
    void anUnknownModelGetsA404WithoutAProviderCall() throws Exception {
        long now = System.currentTimeMillis();
        GatewayRequest request = request("no-such-model", now, now + 30_000);
        long callsBefore = mock.chatRequests();
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.error().status()).isEqualTo(404);
        assertThat(reply.error().code()).isEqualTo("model_not_found");
        assertThat(onlyUsage(request).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(mock.chatRequests()).isEqualTo(callsBefore);
    }

    @Test
    void aRequestTheRouterFailsOnIsAnswered500AtOnceWithAFailedUsageRecordAndIsDeadLettered() throws Exception {
        long now = System.currentTimeMillis();
        GatewayRequest request = request("bad-url-model", now, now + 60_000);
        route(request);

        Reply reply = onlyReply(request);
        assertThat(reply.kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(reply.error().status()).isEqualTo(500);
        assertThat(reply.error().type()).isEqualTo("server_error");
        assertThat(reply.error().code()).isEqualTo("internal_error");
        assertThat(reply.error().message()).contains(request.requestId()).doesNotContain("ftp");
        assertThat(reply.createdAtMs() - now).as("answered long before the 60 s deadline").isLessThan(15_000);

        UsageRecord usage = onlyUsage(request);
        assertThat(usage.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(usage.errorCode()).isEqualTo("internal_error");
        assertThat(usage.usage()).isEqualTo(TokenUsage.NONE);

        List<ConsumerRecord<String, DeadLetter>> letters = read(config.topics().deadLetterTopic(), 1, WITHIN);
        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().value().reason()).contains("handler failed").contains("ftp")
                .doesNotContain("not answered");
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextRequestIsStillAnswered() throws Exception {
        Topic<String, GatewayRequest> routable = config.topics().routableTopic();
        // One partition key for both, so the good request comes after the poison in the same partition.
        producer.send(new ProducerRecord<>(routable.name(), "same-key",
                "{\"request_id\":".getBytes(StandardCharsets.UTF_8))).get();
        GatewayRequest good = freshRequest();
        producer.send(new ProducerRecord<>(routable.name(), "same-key",
                routable.valueSerde().serializer().serialize(routable.name(), good))).get();

        assertThat(read(replies, 1, WITHIN)).extracting(r -> r.value().kind()).containsExactly(ReplyKind.FINAL);
        List<ConsumerRecord<String, DeadLetter>> letters = read(config.topics().deadLetterTopic(), 1, WITHIN);
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.getFirst().value();
        assertThat(letter.sourceTopic()).isEqualTo(routable.name());
        assertThat(letter.stage()).isEqualTo("router");
        assertThat(letter.reason()).contains("GatewayRequest");
    }

    @Test
    void manySlowRequestsAreServedConcurrently() throws Exception {
        route(freshRequest());
        assertThat(read(replies, 1, WITHIN)).hasSize(1); // the worker has joined its group
        mock.reset();
        mock.behave(MockBehavior.DEFAULT.withLatency(Duration.ofMillis(400)));
        for (int i = 0; i < 8; i++) {
            route(freshRequest());
        }

        List<ConsumerRecord<String, Reply>> got = read(replies, 9, WITHIN);

        assertThat(got).hasSize(9).allSatisfy(r -> assertThat(r.value().kind()).isEqualTo(ReplyKind.FINAL));
        // Served one at a time, the provider would never see two calls at once; the worker keeps
        // up to 16 in flight. Counted at the provider, so a slow machine cannot blur it.
        assertThat(mock.peakConcurrentChats()).isGreaterThanOrEqualTo(4);
    }
}
