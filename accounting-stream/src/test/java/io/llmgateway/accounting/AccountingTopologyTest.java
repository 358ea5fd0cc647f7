package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static io.llmgateway.accounting.Messages.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.DeadLetters;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.Reservation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, dead letters, reservations and deduplication, for a tenant without limits. */
class AccountingTopologyTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              default_max_tokens: 4096
              max_tokens_by_model: {mock-echo: 1024}
            tenants:
              tenant-a: {}
            """);

    @TempDir
    Path stateDir;

    private AccountingDriver accounting;

    @BeforeEach
    void startDriver() {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @AfterEach
    void closeDriver() {
        accounting.close();
    }

    @Test
    void aRequestIsAdmittedUnderItsTenantReservingItsInputPlusMaxTokens() {
        accounting.send(request("req-1", "tenant-a", 300, 120));

        var out = accounting.admitted.readKeyValue();
        assertThat(out.key).isEqualTo("tenant-a");
        assertThat(out.value.requestId()).isEqualTo("req-1");
        assertThat(out.value.reservation()).isEqualTo(new Reservation(420, 1, NOW.toEpochMilli()));
        assertThat(accounting.admitted.isEmpty()).isTrue();
        assertThat(accounting.deadLetters.isEmpty()).isTrue();
        assertThat(accounting.ledger("tenant-a").tenant().inFlight()).isEqualTo(1);
        assertThat(accounting.ledger("tenant-a").tenant().tokens().used(NOW.toEpochMilli())).isEqualTo(420);
    }

    @Test
    void aRequestWithoutMaxTokensReservesItsModelsDefaultOutput() {
        accounting.send(request("req-1", "tenant-a", null, 50));
        accounting.send(request("req-2", "tenant-a", "default", "mock-echo", null, 50));

        assertThat(accounting.admitted.readValue().reservation().tokens()).isEqualTo(50 + 4096);
        assertThat(accounting.admitted.readValue().reservation().tokens()).isEqualTo(50 + 1024);
    }

    @Test
    void aRequestWithoutAnInputEstimateIsCountedHere() {
        GatewayRequest uncounted = request("req-1", "tenant-a", 10, 0);

        accounting.send(uncounted);

        long reserved = accounting.admitted.readValue().reservation().tokens();
        assertThat(reserved - 10).isEqualTo(RequestEstimator.countInput(uncounted)).isBetween(8L, 16L);
    }

    @Test
    void theSameRequestSentTwiceIsAdmittedAndReservedOnce() {
        accounting.send(request("req-1", "tenant-a", 100, 10));
        accounting.send(request("req-1", "tenant-a", 100, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1");
        assertThat(accounting.ledger("tenant-a").tenant().inFlight()).isEqualTo(1);
    }

    @Test
    void garbageBytesBecomeADeadLetterAndTheNextRequestStillFlows() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        accounting.rawRequests.pipeInput("tenant-a", garbage);
        accounting.send(request("req-2", "tenant-a", 10, 5));

        DeadLetter letter = accounting.deadLetters.readValue();
        assertThat(letter.sourceTopic()).isEqualTo("llm.requests");
        assertThat(letter.partition()).isZero();
        assertThat(letter.offset()).isZero();
        assertThat(letter.originalKey()).isEqualTo("tenant-a");
        assertThat(Base64.getDecoder().decode(letter.originalValue())).isEqualTo(garbage);
        assertThat(letter.reason()).startsWith("invalid GatewayRequest on topic llm.requests");
        assertThat(letter.stage()).isEqualTo("accounting");
        assertThat(letter.createdAtMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(accounting.admitted.readValue().requestId()).isEqualTo("req-2");
    }

    @Test
    void an8MiBPoisonRecordBecomesADeadLetterFarBelowTheRecordLimitWithItsHashAndTheNextRequestFlows()
            throws Exception {
        byte[] poison = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(poison, (byte) '{');
        accounting.rawRequests.pipeInput("tenant-a", poison);
        accounting.send(request("req-2", "tenant-a", 10, 5));

        DeadLetter letter = accounting.deadLetters.readValue();
        assertThat(letter.truncated()).isTrue();
        assertThat(letter.originalBytes()).isEqualTo(poison.length);
        assertThat(letter.originalSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(poison)));
        assertThat(Base64.getDecoder().decode(letter.originalValue())).hasSize(DeadLetters.MAX_ORIGINAL_BYTES);
        byte[] written = CONFIG.topics().deadLetterTopic().valueSerde().serializer().serialize("t", letter);
        // Kafka's default max.request.size is 1 MiB: the letter stays far below it.
        assertThat(written.length).isLessThan(128 * 1024);
        assertThat(accounting.admitted.readValue().requestId()).isEqualTo("req-2");
    }

    @Test
    void validJsonFailingTheRecordChecksBecomesADeadLetterNamingTheField() {
        ObjectNode json = Json.MAPPER.valueToTree(request("req-1", "tenant-a", 10, 5));
        json.remove("request_id");
        accounting.rawRequests.pipeInput("tenant-a", json.toString().getBytes(StandardCharsets.UTF_8));
        accounting.send(request("req-2", "tenant-a", 10, 5));

        assertThat(accounting.deadLetters.readValue().reason()).contains("request_id is required");
        assertThat(accounting.admitted.readValue().requestId()).isEqualTo("req-2");
    }

    @Test
    void aNullMessageInsideTheRequestBecomesADeadLetter() {
        ObjectNode json = Json.MAPPER.valueToTree(request("req-1", "tenant-a", 10, 5));
        json.withArray("messages").addNull();
        accounting.rawRequests.pipeInput("tenant-a", json.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(accounting.deadLetters.readValue().reason()).startsWith("invalid GatewayRequest on topic llm.requests");
        assertThat(accounting.admitted.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneBecomesADeadLetter() {
        accounting.rawRequests.pipeInput("tenant-a", (byte[]) null);

        DeadLetter letter = accounting.deadLetters.readValue();
        assertThat(letter.reason()).contains("value is null");
        assertThat(letter.originalValue()).isNull();
    }

    @Test
    void aRequestNotKeyedByItsTenantBecomesADeadLetter() {
        accounting.requests.pipeInput("req-1", request("req-1", "tenant-a", 10, 5));
        accounting.requests.pipeInput(request("req-2", "tenant-a", 10, 5));

        assertThat(accounting.deadLetters.readValue().reason())
                .isEqualTo("key must be the tenant_id 'tenant-a', was 'req-1'");
        assertThat(accounting.deadLetters.readValue().reason()).isEqualTo("key must be the tenant_id 'tenant-a', was null");
        assertThat(accounting.admitted.isEmpty()).isTrue();
    }

    @Test
    void aRedeliveredUsageRecordCountsOnce() {
        accounting.report(usage("req-1", "tenant-a", 100, 40));
        accounting.report(usage("req-1", "tenant-a", 100, 40));
        accounting.report(usage("req-2", "tenant-a", 10, 5));
        accounting.report(usage("req-3", "tenant-b", 7, 3));

        assertThat(accounting.ledger("tenant-a").totals().requests()).isEqualTo(2);
        assertThat(accounting.ledger("tenant-a").totals().totalTokens()).isEqualTo(155);
        assertThat(accounting.ledger("tenant-b").totals().totalTokens()).isEqualTo(10);
        assertThat(accounting.costs.readValuesToList()).extracting(c -> c.requestId())
                .containsExactly("req-1", "req-2", "req-3");
    }

    @Test
    void aRedeliveryWithAnEarlierTimestampStillCountsOnce() {
        Instant sent = NOW.plusSeconds(60);
        accounting.usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40), sent);
        accounting.usage.pipeInput("tenant-a", usage("req-1", "tenant-a", 100, 40), sent.minusSeconds(5));

        assertThat(accounting.ledger("tenant-a").totals().requests()).isEqualTo(1);
    }

    @Test
    void usageNaming10000ProjectsTheConfigDoesNotGiveIsChargedToTheTenantWithoutGrowingTheLedger() {
        for (int i = 0; i < 10_000; i++) {
            accounting.report(Messages.usage("req-" + i, "tenant-a", "stranger-" + i, "gpt-4o-mini",
                    "gpt-4o-mini-2024-07-18", new io.llmgateway.schemas.TokenUsage(1, 1, 0), Messages.CREATED_AT_MS));
        }

        TenantLedger ledger = accounting.ledger("tenant-a");
        assertThat(ledger.projects()).isEmpty();
        assertThat(ledger.totals().requests()).isEqualTo(10_000);
        assertThat(ledger.tenant().tokens().used(NOW.toEpochMilli())).isEqualTo(20_000);
        assertThat(TenantLedger.SERDE.serializer().serialize("t", ledger).length).isLessThan(4_096);
        // Finance still sees the project each usage named.
        assertThat(accounting.costs.readValuesToList()).hasSize(10_000).last()
                .satisfies(cost -> assertThat(cost.projectId()).isEqualTo("stranger-9999"));
    }

    @Test
    void poisonUsageBecomesADeadLetterAndIsNotCounted() {
        accounting.rawUsage.pipeInput("tenant-a", "[]".getBytes(StandardCharsets.UTF_8));
        accounting.report(usage("req-1", "tenant-a", 100, 40));

        DeadLetter letter = accounting.deadLetters.readValue();
        assertThat(letter.sourceTopic()).isEqualTo("llm.usage");
        assertThat(letter.reason()).startsWith("invalid UsageRecord on topic llm.usage");
        assertThat(accounting.ledger("tenant-a").totals().requests()).isEqualTo(1);
    }

    @Test
    void theLedgerSurvivesItsStoreSerde() {
        accounting.send(request("req-1", "tenant-a", 100, 10));
        accounting.report(usage("req-1", "tenant-a", 10, 20));

        TenantLedger ledger = accounting.ledger("tenant-a");
        byte[] bytes = TenantLedger.SERDE.serializer().serialize("t", ledger);
        TenantLedger read = TenantLedger.SERDE.deserializer().deserialize("t", bytes);
        assertThat(TenantLedger.SERDE.serializer().serialize("t", read)).isEqualTo(bytes);
        assertThat(read.totals()).isEqualTo(ledger.totals());
        assertThat(read.tenant().tokens().used(NOW.toEpochMilli())).isEqualTo(30);
    }
}
