package io.llmgateway.cache;

import static io.llmgateway.common.pipeline.BrokerTestSupport.createTopics;
import static io.llmgateway.common.pipeline.BrokerTestSupport.read;
import static io.llmgateway.common.pipeline.BrokerTestSupport.request;
import static io.llmgateway.common.pipeline.BrokerTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.common.pipeline.BrokerTestSupport;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CacheServiceTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private GatewayConfig config;
    private KafkaProducer<String, byte[]> producer;
    private CacheService cache;

    @BeforeEach
    void start() throws Exception {
        TopicNames topics = new TopicNames(uniqueTopic("requests"), uniqueTopic("admitted"), uniqueTopic("routable"),
                uniqueTopic("usage"), uniqueTopic("dead"), null);
        config = new GatewayConfig(new KafkaSettings(KAFKA.bootstrapServers(), 3, (short) 1), topics, null, null,
                null, null, null, null, null, null);
        createTopics(KAFKA.bootstrapServers(), 3, topics.admitted(), topics.routable(), topics.deadLetter());
        producer = BrokerTestSupport.producer(KAFKA.bootstrapServers());
        cache = new CacheService(config, Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        cache.close();
        producer.close();
    }

    private void admit(GatewayRequest request) throws Exception {
        Topic<String, GatewayRequest> admitted = config.topics().admittedTopic();
        BrokerTestSupport.send(producer, admitted.name(), request.tenantId(),
                admitted.valueSerde().serializer().serialize(admitted.name(), request));
    }

    @Test
    void everyAdmittedRequestIsForwardedUnchangedToRoutableKeyedByRequestId() throws Exception {
        GatewayRequest first = request("req-1", "gpt-4o-mini", "llm.replies.a", 1_000, 61_000);
        GatewayRequest second = request("req-2", "mock-echo", "llm.replies.b", 2_000, 62_000);
        admit(first);
        admit(second);

        Topic<String, GatewayRequest> routable = config.topics().routableTopic();
        List<ConsumerRecord<String, byte[]>> forwarded = read(KAFKA.bootstrapServers(), routable.name(), 2, WITHIN);

        assertThat(forwarded).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("req-1", "req-2");
        assertThat(forwarded).extracting(r -> routable.valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void poisonIsDeadLetteredAndTheNextRequestIsStillForwarded() throws Exception {
        BrokerTestSupport.send(producer, config.topics().admitted(), "acme",
                "not a request".getBytes(StandardCharsets.UTF_8));
        admit(request("req-after-poison", "mock-echo", "llm.replies.a", 1_000, 61_000));

        List<ConsumerRecord<String, byte[]>> forwarded =
                read(KAFKA.bootstrapServers(), config.topics().routable(), 1, WITHIN);
        assertThat(forwarded).extracting(ConsumerRecord::key).containsExactly("req-after-poison");

        Topic<String, DeadLetter> deadLetters = config.topics().deadLetterTopic();
        List<ConsumerRecord<String, byte[]>> letters = read(KAFKA.bootstrapServers(), deadLetters.name(), 1, WITHIN);
        assertThat(letters).hasSize(1);
        DeadLetter letter = deadLetters.valueSerde().deserializer().deserialize(deadLetters.name(),
                letters.getFirst().value());
        assertThat(letter.sourceTopic()).isEqualTo(config.topics().admitted());
        assertThat(letter.stage()).isEqualTo("cache");
        assertThat(letter.reason()).isNotBlank();
        assertThat(new String(java.util.Base64.getDecoder().decode(letter.originalValue()), StandardCharsets.UTF_8))
                .isEqualTo("not a request");
    }
}
