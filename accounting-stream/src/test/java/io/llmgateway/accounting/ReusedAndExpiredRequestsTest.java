package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static io.llmgateway.accounting.Messages.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.UsageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request id is served once within the dedup window (a replay after the first finished is
 * dead-lettered, a refused id may be retried), and a request whose deadline passed before
 * admission is refused without a reservation.
 */
class ReusedAndExpiredRequestsTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00.400Z");
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              dedup_window: 1h
            tenants:
              acme:
                limits: {requests_per_minute: 1}
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
    void aRequestIdReusedAfterTheFirstFinishedIsDeadLetteredAndNeitherServedNorBilled() {
        accounting.send(request("req-1", "acme", 10, 10));
        accounting.report(usage("req-1", "acme", 10, 10));
        accounting.advance(Duration.ofMinutes(2));

        accounting.send(request("req-1", "acme", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1");
        DeadLetter letter = accounting.deadLetters.readValue();
        assertThat(letter.reason()).isEqualTo("request id 'req-1' was admitted at 2026-01-15T10:00:00.400Z and has"
                + " finished: a request id is served once (dedup window PT1H)");
        assertThat(letter.sourceTopic()).isEqualTo("llm.requests");
        assertThat(letter.originalKey()).isEqualTo("acme");
        assertThat(accounting.costs.readValuesToList()).extracting(c -> c.requestId()).containsExactly("req-1");
        TenantLedger ledger = accounting.ledger("acme");
        assertThat(ledger.tenant().inFlight()).isZero();
        assertThat(ledger.totals().requests()).isEqualTo(1);
    }

    @Test
    void anIdIsForgottenAfterTheDedupWindow() {
        accounting.send(request("req-1", "acme", 10, 10));
        accounting.report(usage("req-1", "acme", 10, 10));
        accounting.advance(Duration.ofMinutes(61));

        accounting.send(request("req-1", "acme", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-1");
        assertThat(accounting.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRefusedRequestIdMayBeRetriedAndIsThenAdmitted() {
        accounting.send(request("req-1", "acme", 10, 10));
        accounting.send(request("req-2", "acme", 10, 10));
        assertThat(accounting.replies.readValue().error().code()).isEqualTo("rate_limit_exceeded");

        accounting.advance(Duration.ofMinutes(1));
        accounting.send(request("req-2", "acme", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2");
        assertThat(accounting.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRequestWhoseDeadlinePassedIsRefusedWithoutAReservationOrQuota() {
        long createdAt = NOW.minus(Duration.ofMinutes(10)).toEpochMilli();
        accounting.send(Messages.request("late", "acme", "default", "gpt-4o-mini", 10, 10, createdAt,
                createdAt + 30_000, Messages.REPLY_TOPIC));

        assertThat(accounting.admittedIds()).isEmpty();
        Reply reply = accounting.replies.readValue();
        assertThat(reply.requestId()).isEqualTo("late");
        assertThat(reply.error().status()).isEqualTo(504);
        assertThat(reply.error().type()).isEqualTo("timeout");
        assertThat(reply.error().code()).isEqualTo("request_expired");
        assertThat(reply.error().message()).contains("passed 570000 ms before it reached admission");
        UsageRecord refusal = accounting.usageOut.readValue();
        assertThat(refusal.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refusal.errorCode()).isEqualTo("request_expired");
        TenantLedger ledger = accounting.ledger("acme");
        long now = NOW.toEpochMilli();
        assertThat(ledger.tenant().inFlight()).isZero();
        assertThat(ledger.tenant().requests().used(now)).isZero();
        assertThat(ledger.tenant().tokens().used(now)).isZero();
        // The ingress and idempotency keys treat it as never run: a retry may run it.
        assertThat(io.llmgateway.schemas.GatewayError.REFUSED_AT_ADMISSION).contains(Admission.EXPIRED_CODE,
                AdmissionPolicy.RATE_LIMIT_CODE, AdmissionPolicy.BUDGET_CODE, AdmissionPolicy.UNKNOWN_TENANT_CODE);
        // The one request a minute is still there for a live request.
        accounting.send(request("live", "acme", 10, 10));
        assertThat(accounting.admittedIds()).containsExactly("live");
    }
}
