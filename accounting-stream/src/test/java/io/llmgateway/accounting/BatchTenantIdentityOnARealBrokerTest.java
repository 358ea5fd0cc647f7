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
 * On a real broker: a batch producer holding tenant globex's key cannot get a request admitted,
 * reserved or billed as tenant acme, nor answered on acme's reply topics; acme's own signed
 * request is admitted. Every refused record is on the dead-letter topic with its reason.
 */
class BatchTenantIdentityOnARealBrokerTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aProducerWithTenantBsKeyCannotGetWorkAdmittedOrBilledAsTenantA() throws Exception {
        GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), "identity", 2, """
                tenants:
                  acme:
                    batch_signing_key_env: %s
                  globex:
                    batch_signing_key_env: %s
                """.formatted(TestKeys.ACME_BATCH_ENV, TestKeys.GLOBEX_BATCH_ENV));
        String acmeReplies = config.topics().batchReplyPrefix("acme") + "job";
        String globexReplies = config.topics().batchReplyPrefix("globex") + "job";
        PipelineTopics.ensure(config, acmeReplies, globexReplies);
        long now = System.currentTimeMillis();
        GatewayRequest forged = Messages.request("forged", "acme", "default", "gpt-4o-mini", 10, 1, now,
                acmeReplies);
        GatewayRequest foreignReplies = Messages.request("foreign-replies", "globex", "default", "gpt-4o-mini", 10,
                1, now, acmeReplies);
        GatewayRequest own = Messages.request("own", "acme", "default", "gpt-4o-mini", 10, 1, now, acmeReplies);

        try (AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
             KafkaProducer<String, GatewayRequest> globex = batchProducer(config, TestKeys.GLOBEX_BATCH_KEY);
             KafkaProducer<String, GatewayRequest> acme = batchProducer(config, TestKeys.ACME_BATCH_KEY);
             KafkaConsumer<String, DeadLetter> deadLetters = committedReader(config, config.topics().deadLetterTopic());
             KafkaConsumer<String, GatewayRequest> admitted = committedReader(config, config.topics().admittedTopic());
             KafkaConsumer<String, UsageRecord> usage = committedReader(config, config.topics().usageTopic())) {
            service.start();
            service.awaitRunning(WAIT);
            globex.send(new ProducerRecord<>(config.topics().requests(), "acme", forged)).get();
            globex.send(new ProducerRecord<>(config.topics().requests(), "globex", foreignReplies)).get();
            acme.send(new ProducerRecord<>(config.topics().requests(), "acme", own)).get();

            List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
            readUntil(deadLetters, letters, l -> l.size() >= 2, WAIT, "two dead letters");
            List<ConsumerRecord<String, GatewayRequest>> admittedRecords = new ArrayList<>();
            readUntil(admitted, admittedRecords, l -> !l.isEmpty(), WAIT, "acme's own request admitted");

            assertThat(letters).extracting(r -> r.value().reason()).containsExactlyInAnyOrder(
                    "the signature (header gateway-signature) is not the tenant's for this value and tenant 'acme'",
                    "reply_topic '" + acmeReplies + "' is not one of tenant 'globex' (it must start with '"
                            + config.topics().batchReplyPrefix("globex") + "')");
            assertThat(admittedRecords).extracting(r -> r.value().requestId()).containsExactly("own");
            // Nothing refused was reserved or billed: no usage record (a refusal would make one) at all.
            assertThat(usage.poll(Duration.ofSeconds(2)).count()).isZero();
            // Counted again: acme's producer claimed 1 input token.
            assertThat(admittedRecords.getFirst().value().reservation().tokens())
                    .isEqualTo(RequestEstimator.countInput(own) + 10);
        }
    }

    private static KafkaProducer<String, GatewayRequest> batchProducer(GatewayConfig config, String key) {
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        return new KafkaProducer<>(KafkaClients.producer(config.kafka(), "batch-" + key.substring(0, 6)),
                requests.keySerde().serializer(),
                new SigningSerializer<>(requests.valueSerde().serializer(), RequestSignature.Signer.TENANT, key));
    }
}
