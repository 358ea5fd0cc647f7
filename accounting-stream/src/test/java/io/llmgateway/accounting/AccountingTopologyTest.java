package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static io.llmgateway.accounting.Messages.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.Reservation;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingTopologyTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final GatewayConfig CONFIG = new GatewayConfig(null, null, null, null, null, null, null, null,
            null, null);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, GatewayRequest> requests;
    private TestInputTopic<String, byte[]> rawRequests;
    private TestInputTopic<String, UsageRecord> usage;
    private TestInputTopic<String, byte[]> rawUsage;
    private TestOutputTopic<String, GatewayRequest> admitted;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(AccountingTopology.build(CONFIG),
                AccountingService.streamsProperties(CONFIG, stateDir), NOW);
        var topics = CONFIG.topics();
        requests = input(topics.requestsTopic());
        rawRequests = driver.createInputTopic(topics.requestsTopic().name(),
                topics.requestsTopic().keySerde().serializer(), new ByteArraySerializer());
        usage = input(topics.usageTopic());
        rawUsage = driver.createInputTopic(topics.usageTopic().name(),
                topics.usageTopic().keySerde().serializer(), new ByteArraySerializer());
        admitted = output(topics.admittedTopic());
        deadLetters = output(topics.deadLetterTopic());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    @Test
    void aRequestIsAdmittedUnderItsTenantReservingItsInputPlusMaxTokens() {
        requests.pipeInput("tenant-a", request("req-1", "tenant-a", 300, 120));

        var out = admitted.readKeyValue();
        assertThat(out.key).isEqualTo("tenant-a");
        assertThat(out.value.requestId()).isEqualTo("req-1");
        assertThat(out.value.reservation()).isEqualTo(new Reservation(420, 1, NOW.toEpochMilli()));
        assertThat(admitted.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRequestWithoutMaxTokensReservesTheDefaultOutput() {
        requests.pipeInput("tenant-a", request("req-1", "tenant-a", null, 50));

        assertThat(admitted.readValue().reservation().tokens())
                .isEqualTo(50 + AccountingTopology.DEFAULT_MAX_OUTPUT_TOKENS);
    }

    @Test
    void garbageBytesBecomeADeadLetterAndTheNextRequestStillFlows() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        rawRequests.pipeInput("tenant-a", garbage);
        requests.pipeInput("tenant-a", request("req-2", "tenant-a", 10, 5));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.sourceTopic()).isEqualTo("llm.requests");
        assertThat(letter.partition()).isZero();
        assertThat(letter.offset()).isZero();
        assertThat(letter.originalKey()).isEqualTo("tenant-a");
        assertThat(Base64.getDecoder().decode(letter.originalValue())).isEqualTo(garbage);
        assertThat(letter.reason()).startsWith("invalid GatewayRequest on topic llm.requests");
        assertThat(letter.stage()).isEqualTo("accounting");
        assertThat(letter.createdAtMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(admitted.readValue().requestId()).isEqualTo("req-2");
    }

    @Test
    void validJsonFailingTheRecordChecksBecomesADeadLetterNamingTheField() {
        ObjectNode json = Json.MAPPER.valueToTree(request("req-1", "tenant-a", 10, 5));
        json.remove("request_id");
        rawRequests.pipeInput("tenant-a", json.toString().getBytes(StandardCharsets.UTF_8));
        requests.pipeInput("tenant-a", request("req-2", "tenant-a", 10, 5));

        assertThat(deadLetters.readValue().reason()).contains("request_id is required");
        assertThat(admitted.readValue().requestId()).isEqualTo("req-2");
    }

    @Test
    void aNullMessageInsideTheRequestBecomesADeadLetter() {
        ObjectNode json = Json.MAPPER.valueToTree(request("req-1", "tenant-a", 10, 5));
        json.withArray("messages").addNull();
        rawRequests.pipeInput("tenant-a", json.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(deadLetters.readValue().reason()).startsWith("invalid GatewayRequest on topic llm.requests");
        assertThat(admitted.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneBecomesADeadLetter() {
        rawRequests.pipeInput("tenant-a", (byte[]) null);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.reason()).contains("value is null");
        assertThat(letter.originalValue()).isNull();
    }

    @Test
    void aRequestNotKeyedByItsTenantBecomesADeadLetter() {
        requests.pipeInput("req-1", request("req-1", "tenant-a", 10, 5));
        requests.pipeInput(request("req-2", "tenant-a", 10, 5));

        assertThat(deadLetters.readValue().reason()).isEqualTo("key must be the tenant_id 'tenant-a', was 'req-1'");
        assertThat(deadLetters.readValue().reason()).isEqualTo("key must be the tenant_id 'tenant-a', was null");
        assertThat(admitted.isEmpty()).isTrue();
    }

    @Test
    void aRedeliveredUsageRecordCountsOnce() {
        usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40));
        usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40));
        usage.pipeInput("tenant-a", usage("req-2", "tenant-a", 10, 5));
        usage.pipeInput("tenant-b", usage("req-3", "tenant-b", 7, 3));

        KeyValueStore<String, UsageTotals> totals = driver.getKeyValueStore(AccountingTopology.USAGE_TOTALS_STORE);
        assertThat(totals.get("tenant-a")).isEqualTo(new UsageTotals(2, 110, 45, 0, 0));
        assertThat(totals.get("tenant-b")).isEqualTo(new UsageTotals(1, 7, 3, 0, 0));
    }

    @Test
    void aRedeliveryWithAnEarlierTimestampStillCountsOnce() {
        Instant sent = NOW.plusSeconds(60);
        usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40), sent);
        usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40), sent.minusSeconds(5));

        KeyValueStore<String, UsageTotals> totals = driver.getKeyValueStore(AccountingTopology.USAGE_TOTALS_STORE);
        assertThat(totals.get("tenant-a").requests()).isEqualTo(1);
    }

    @Test
    void poisonUsageBecomesADeadLetterAndIsNotCounted() {
        rawUsage.pipeInput("tenant-a", "[]".getBytes(StandardCharsets.UTF_8));
        usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.sourceTopic()).isEqualTo("llm.usage");
        assertThat(letter.reason()).startsWith("invalid UsageRecord on topic llm.usage");
        KeyValueStore<String, UsageTotals> totals = driver.getKeyValueStore(AccountingTopology.USAGE_TOTALS_STORE);
        assertThat(totals.get("tenant-a").requests()).isEqualTo(1);
    }
}
