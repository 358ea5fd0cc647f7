package io.llmgateway.accounting;

import static io.llmgateway.accounting.BrokerSupport.committedReader;
import static io.llmgateway.accounting.BrokerSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real broker: a request id replayed after its request finished is dead-lettered and never
 * served or billed again, and a request whose deadline passed before admission is refused to its
 * caller without using the tenant's one request a minute.
 */
class ReplaysAndExpiryOnARealBrokerTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aReplayedRequestIdIsDeadLetteredAndAnExpiredRequestTakesNoQuota() throws Exception {
        GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), "replay", 2, """
                tenants:
                  acme:
                    limits: {requests_per_minute: 2}
                """);
        String replyTopic = config.topics().repliesTopic("ingress-it").name();
        PipelineTopics.ensure(config, replyTopic);
        String requests = config.topics().requests();
        long now = System.currentTimeMillis();
        long deadline = now + Duration.ofMinutes(10).toMillis();

        try (AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
             KafkaProducer<String, GatewayRequest> ingress = BrokerSupport.ingressProducer(config, "ingress-it");
             KafkaProducer<String, UsageRecord> worker = BrokerSupport.producer(config, config.topics().usageTopic(),
                     "worker-it");
             KafkaConsumer<String, GatewayRequest> admitted = committedReader(config, config.topics().admittedTopic());
             KafkaConsumer<String, CostRecord> costs = committedReader(config, config.topics().costsTopic());
             KafkaConsumer<String, DeadLetter> deadLetters = committedReader(config, config.topics().deadLetterTopic());
             KafkaConsumer<String, Reply> replies = committedReader(config, config.topics().repliesTopic("ingress-it"))) {
            service.start();
            service.awaitRunning(WAIT);

            // Served and billed once.
            ingress.send(new ProducerRecord<>(requests, "acme", request("once", now, deadline, replyTopic))).get();
            List<ConsumerRecord<String, GatewayRequest>> admittedRecords = new ArrayList<>();
            readUntil(admitted, admittedRecords, l -> !l.isEmpty(), WAIT, "the first request admitted");
            worker.send(new ProducerRecord<>(config.topics().usage(), "acme", Messages.usage("once", "acme", 10, 10)))
                    .get();
            List<ConsumerRecord<String, CostRecord>> costRecords = new ArrayList<>();
            readUntil(costs, costRecords, l -> !l.isEmpty(), WAIT, "its cost");

            // The same id again, after it finished; then a request whose deadline passed; then a live one.
            ingress.send(new ProducerRecord<>(requests, "acme", request("once", now, deadline, replyTopic))).get();
            long longAgo = now - Duration.ofMinutes(5).toMillis();
            ingress.send(new ProducerRecord<>(requests, "acme", request("late", longAgo, longAgo + 30_000,
                    replyTopic))).get();
            ingress.send(new ProducerRecord<>(requests, "acme", request("live", now, deadline, replyTopic))).get();

            List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
            readUntil(deadLetters, letters, l -> !l.isEmpty(), WAIT, "the replay's dead letter");
            List<ConsumerRecord<String, Reply>> replyRecords = new ArrayList<>();
            readUntil(replies, replyRecords, l -> !l.isEmpty(), WAIT, "the expired request's refusal");
            readUntil(admitted, admittedRecords, l -> l.size() >= 2, WAIT, "the live request admitted");

            assertThat(letters).singleElement().satisfies(letter -> assertThat(letter.value().reason())
                    .startsWith("request id 'once' was admitted at ").endsWith(" and has finished: a request id is"
                            + " served once (dedup window PT24H)"));
            // The tenant's second request of the minute went to "live": the expired one used none.
            assertThat(admittedRecords).extracting(r -> r.value().requestId()).containsExactly("once", "live");
            Reply refusal = replyRecords.getFirst().value();
            assertThat(refusal.requestId()).isEqualTo("late");
            assertThat(refusal.error().status()).isEqualTo(504);
            assertThat(refusal.error().code()).isEqualTo("request_expired");
            assertThat(GatewayError.refusedBeforeRunning(refusal.error())).isTrue();
            // Billed once: the replay made no cost; the expired refusal costs nothing.
            readUntil(costs, costRecords, l -> l.size() >= 2, WAIT, "the refusal's zero cost");
            assertThat(costRecords).extracting(r -> r.value().requestId()).containsExactly("once", "late");
            assertThat(costRecords.get(1).value().costUsd()).isZero();
        }
    }

    private static GatewayRequest request(String id, long createdAtMs, long deadlineMs, String replyTopic) {
        return Messages.request(id, "acme", "default", "gpt-4o-mini", 10, 10, createdAtMs, deadlineMs, replyTopic);
    }
}
