package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records produced straight to the requests topic: the tenant is what the signature proves, not
 * what the record claims; tenants, projects, models and reply topics are the tenant's own.
 */
class BatchProducersTest {

    private static final Instant NOW = Instant.ofEpochMilli(Messages.CREATED_AT_MS);
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              default_max_tokens: 100
            providers:
              mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            models:
              gpt-4o-mini: {deployments: [{provider: mock, model: gpt-4o-mini}]}
              mock-echo: {deployments: [{provider: mock, model: mock-echo}]}
            tenants:
              acme:
                batch_signing_key_env: %s
              globex:
                models: [mock-echo]
                batch_signing_key_env: %s
              initech: {}
            """.formatted(TestKeys.ACME_BATCH_ENV, TestKeys.GLOBEX_BATCH_ENV));
    private static final String ACME_REPLIES = CONFIG.topics().batchReplyPrefix("acme") + "job-1";

    @AutoClose
    private final AccountingDriver accounting;

    BatchProducersTest(@TempDir Path stateDir) {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @Test
    void aRecordSignedWithItsTenantsBatchKeyIsAdmittedWithItsTokensCountedAgain() {
        // The producer claims 1 input token for a prompt that has more.
        GatewayRequest claimed = request("req-1", "acme", "gpt-4o-mini", ACME_REPLIES).withEstimatedInputTokens(1);

        sendSigned(claimed, TestKeys.ACME_BATCH_KEY);

        GatewayRequest admitted = accounting.admitted.readValue();
        long recounted = RequestEstimator.countInput(claimed);
        assertThat(recounted).isGreaterThan(1);
        assertThat(admitted.reservation().tokens()).isEqualTo(recounted + 10); // + its max_tokens
        assertThat(accounting.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRecordClaimingAnotherTenantIsDeadLetteredAndBillsNobody() {
        // globex signs with its own key a record that says it is acme's.
        sendSigned(request("req-1", "acme", "gpt-4o-mini", ACME_REPLIES), TestKeys.GLOBEX_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).contains("signature", "tenant 'acme'");
        assertThat(accounting.admitted.isEmpty()).isTrue();
        assertThat(accounting.ledger("acme")).isNull();
    }

    @Test
    void anUnsignedRecordIsDeadLettered() {
        Topic<String, GatewayRequest> requests = CONFIG.topics().requestsTopic();
        GatewayRequest request = request("req-1", "acme", "gpt-4o-mini", ACME_REPLIES);
        accounting.rawRequests.pipeInput("acme", requests.valueSerde().serializer().serialize(requests.name(), request));

        assertThat(onlyDeadLetter().reason()).startsWith("not signed");
        assertThat(accounting.admitted.isEmpty()).isTrue();
    }

    @Test
    void aValueChangedAfterSigningIsDeadLettered() {
        Topic<String, GatewayRequest> requests = CONFIG.topics().requestsTopic();
        byte[] signed = serialize(request("req-1", "acme", "gpt-4o-mini", ACME_REPLIES));
        RecordHeaders headers = new RecordHeaders();
        RequestSignature.addTo(headers, RequestSignature.Signer.TENANT, TestKeys.ACME_BATCH_KEY, signed);
        byte[] changed = new String(signed, StandardCharsets.UTF_8).replace("What is Kafka?", "What is Flink?")
                .getBytes(StandardCharsets.UTF_8);
        accounting.rawRequests.pipeInput(new TestRecord<>("acme", changed, headers, NOW));

        assertThat(onlyDeadLetter().reason()).contains("signature");
        assertThat(accounting.admitted.isEmpty()).isTrue();
        assertThat(requests.name()).isEqualTo(CONFIG.topics().requests());
    }

    @Test
    void aTenantWithoutABatchKeyCannotProduceRequestsItself() {
        sendSigned(request("req-1", "initech", "gpt-4o-mini", CONFIG.topics().batchReplyPrefix("initech") + "j"),
                TestKeys.ACME_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).contains("tenant 'initech' has no batch key");
    }

    @Test
    void anUnknownTenantIsDeadLettered() {
        sendSigned(request("req-1", "umbrella", "gpt-4o-mini", CONFIG.topics().batchReplyPrefix("umbrella") + "j"),
                TestKeys.ACME_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).isEqualTo("unknown tenant 'umbrella'");
        assertThat(accounting.ledger("umbrella")).isNull();
    }

    @Test
    void aModelOutsideTheTenantsAllowedModelsIsDeadLettered() {
        String replies = CONFIG.topics().batchReplyPrefix("globex") + "j";
        sendSigned(request("req-1", "globex", "gpt-4o-mini", replies), TestKeys.GLOBEX_BATCH_KEY);
        sendSigned(request("req-2", "globex", "mock-echo", replies), TestKeys.GLOBEX_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).isEqualTo("model 'gpt-4o-mini' is not one tenant 'globex' may use");
        assertThat(accounting.admittedIds()).containsExactly("req-2");
    }

    @Test
    void anUnknownModelIsDeadLettered() {
        sendSigned(request("req-1", "acme", "gpt-9", ACME_REPLIES), TestKeys.ACME_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).isEqualTo("model 'gpt-9' is not one tenant 'acme' may use");
    }

    @Test
    void anUnknownProjectIsDeadLettered() {
        GatewayRequest request = Messages.request("req-1", "acme", "project-" + "x".repeat(40), "gpt-4o-mini", 10, 0,
                Messages.CREATED_AT_MS, ACME_REPLIES);
        sendSigned(request, TestKeys.ACME_BATCH_KEY);

        assertThat(onlyDeadLetter().reason()).startsWith("unknown project of tenant 'acme'");
    }

    @Test
    void aReplyTopicOfAnotherTenantOrOfAnIngressIsDeadLettered() {
        sendSigned(request("req-1", "acme", "gpt-4o-mini", CONFIG.topics().batchReplyPrefix("globex") + "job"),
                TestKeys.ACME_BATCH_KEY);
        sendSigned(request("req-2", "acme", "gpt-4o-mini", CONFIG.topics().repliesTopic("ingress-1").name()),
                TestKeys.ACME_BATCH_KEY);
        sendSigned(request("req-3", "acme", "gpt-4o-mini", "llm.costs"), TestKeys.ACME_BATCH_KEY);

        assertThat(accounting.deadLetters.readValuesToList()).extracting(DeadLetter::reason).allSatisfy(reason ->
                assertThat(reason).contains("is not one of tenant 'acme'", "llm.replies.batch.acme."))
                .hasSize(3);
        assertThat(accounting.admitted.isEmpty()).isTrue();
        assertThat(accounting.replies.isEmpty()).isTrue();
    }

    @Test
    void theIngressMayNameOnlyAnIngressReplyTopic() {
        accounting.send(request("req-1", "acme", "gpt-4o-mini", ACME_REPLIES));

        assertThat(onlyDeadLetter().reason()).isEqualTo("reply_topic '" + ACME_REPLIES
                + "' is not an ingress reply topic");
    }

    private DeadLetter onlyDeadLetter() {
        var letters = accounting.deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        return letters.getFirst();
    }

    private static GatewayRequest request(String id, String tenant, String model, String replyTopic) {
        return Messages.request(id, tenant, "default", model, 10, 0, Messages.CREATED_AT_MS, replyTopic);
    }

    private static byte[] serialize(GatewayRequest request) {
        Topic<String, GatewayRequest> requests = CONFIG.topics().requestsTopic();
        return requests.valueSerde().serializer().serialize(requests.name(), request);
    }

    /** What a batch producer sends: the value and its signature with {@code key}. */
    private void sendSigned(GatewayRequest request, String key) {
        byte[] value = serialize(request);
        RecordHeaders headers = new RecordHeaders();
        RequestSignature.addTo(headers, RequestSignature.Signer.TENANT, key, value);
        accounting.rawRequests.pipeInput(new TestRecord<>(request.tenantId(), value, headers, NOW));
    }
}
