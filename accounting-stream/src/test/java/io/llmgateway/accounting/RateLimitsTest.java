package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static io.llmgateway.accounting.Messages.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.UsageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests and tokens per sliding minute, concurrency, and project limits on top of the tenant's. */
class RateLimitsTest {

    /** 10:00:00.400: one-second buckets free at whole seconds, so waits are exact numbers. */
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00.400Z");
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            tenants:
              rpm:
                limits: {requests_per_minute: 3}
              tpm:
                limits: {tokens_per_minute: 1000}
              conc:
                limits: {max_concurrent_requests: 2}
              proj:
                projects: [default, research]
                limits: {requests_per_minute: 10}
                project_quotas:
                  research:
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
    void theRequestOverTheRpmLimitIsRefusedWithTheTimeUntilTheWindowFrees() {
        for (int i = 1; i <= 3; i++) {
            accounting.send(request("req-" + i, "rpm", 10, 10));
        }
        accounting.advance(Duration.ofMillis(20_000));
        accounting.send(request("req-4", "rpm", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2", "req-3");
        var refusal = accounting.replies.readKeyValue();
        assertThat(refusal.key).isEqualTo("req-4");
        Reply reply = refusal.value;
        assertThat(reply.kind()).isEqualTo(ReplyKind.ERROR);
        GatewayError error = reply.error();
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.code()).isEqualTo("rate_limit_exceeded");
        assertThat(error.type()).isEqualTo("requests");
        // Admitted in the 10:00:00 bucket, which leaves the window at 10:01:00: 40 s after 10:00:20.4.
        assertThat(error.retryAfterMs()).isEqualTo(39_600);
        assertThat(error.message()).contains("requests per minute", "limit 3", "used 3");
    }

    @Test
    void aRefusedRequestIsAccountedAsARejectedUsageRecordCostingNothing() {
        for (int i = 1; i <= 4; i++) {
            accounting.send(request("req-" + i, "rpm", 10, 10));
        }

        UsageRecord refused = accounting.usageOut.readValue();
        assertThat(refused.requestId()).isEqualTo("req-4");
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.usage().totalTokens()).isZero();
        // The rejected usage comes back through llm.usage and is charged once, at zero.
        var cost = accounting.costs.readValue();
        assertThat(cost.requestId()).isEqualTo("req-4");
        assertThat(cost.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(cost.costUsd()).isZero();
        assertThat(accounting.ledger("rpm").totals().rejected()).isEqualTo(1);
    }

    @Test
    void theWindowRollsOverAfterAMinute() {
        for (int i = 1; i <= 3; i++) {
            accounting.send(request("req-" + i, "rpm", 10, 10));
        }
        accounting.advance(Duration.ofMillis(59_599));
        accounting.send(request("req-4", "rpm", 10, 10));
        accounting.advance(Duration.ofMillis(1));
        accounting.send(request("req-5", "rpm", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2", "req-3", "req-5");
        assertThat(accounting.replies.readKeyValue().key).isEqualTo("req-4");
    }

    @Test
    void tokensAreReservedAtAdmissionAndTheRealCountReplacesThemAtReconciliation() {
        accounting.send(request("req-1", "tpm", 300, 100)); // reserves 400
        accounting.send(request("req-2", "tpm", 300, 100)); // reserves 400: 800
        accounting.send(request("req-3", "tpm", 300, 100)); // 1200 > 1000: refused
        accounting.report(usage("req-1", "tpm", 100, 50));   // 400 reserved -> 150 used: 550
        accounting.send(request("req-4", "tpm", 300, 100)); // 950: fits

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2", "req-4");
        GatewayError refused = accounting.replies.readValue().error();
        assertThat(refused.type()).isEqualTo("tokens");
        assertThat(refused.retryAfterMs()).isEqualTo(59_600);
        long now = NOW.toEpochMilli();
        ScopeLedger tenant = accounting.ledger("tpm").tenant();
        assertThat(tenant.tokens().used(now)).isEqualTo(950);
        assertThat(tenant.inFlight()).isEqualTo(2);
    }

    @Test
    void aUsageLargerThanItsReservationCountsInFull() {
        accounting.send(request("req-1", "tpm", 100, 100));
        accounting.report(usage("req-1", "tpm", 150, 100));

        assertThat(accounting.ledger("tpm").tenant().tokens().used(NOW.toEpochMilli())).isEqualTo(250);
    }

    @Test
    void aRequestLargerThanTheTokenLimitIsRefusedWithoutARetryTime() {
        accounting.send(request("req-1", "tpm", 2000, 10));

        GatewayError error = accounting.replies.readValue().error();
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.retryAfterMs()).isNull();
        assertThat(error.message()).startsWith("Request too large").contains("requested 2010");
    }

    @Test
    void concurrentRequestsAreLimitedUntilOneFinishes() {
        accounting.send(request("req-1", "conc", 10, 10));
        accounting.send(request("req-2", "conc", 10, 10));
        accounting.send(request("req-3", "conc", 10, 10));
        accounting.report(usage("req-1", "conc", 10, 10));
        accounting.send(request("req-4", "conc", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2", "req-4");
        GatewayError refused = accounting.replies.readValue().error();
        assertThat(refused.message()).contains("concurrent requests");
        assertThat(refused.retryAfterMs()).isEqualTo(AdmissionPolicy.CONCURRENCY_RETRY_MS);
    }

    @Test
    void aReservationWhoseUsageNeverComesIsDroppedAfterTheDeadlineAndItsSlotFrees() {
        long now = NOW.toEpochMilli();
        accounting.send(Messages.request("req-1", "conc", "default", "gpt-4o-mini", 10, 10, now, Messages.REPLY_TOPIC));
        accounting.send(Messages.request("req-2", "conc", "default", "gpt-4o-mini", 10, 10, now, Messages.REPLY_TOPIC));
        // Deadline is created_at + 30 s; the grace runs from it.
        accounting.advance(Admission.RESERVATION_GRACE.plusSeconds(31));
        accounting.send(request("req-3", "conc", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-2", "req-3");
        assertThat(accounting.ledger("conc").tenant().inFlight()).isEqualTo(1);
        // A usage that comes after all is still charged once, without releasing anything twice.
        accounting.report(usage("req-1", "conc", 10, 10));
        assertThat(accounting.ledger("conc").tenant().inFlight()).isEqualTo(1);
        assertThat(accounting.ledger("conc").totals().requests()).isEqualTo(1);
    }

    @Test
    void aProjectsOwnLimitAppliesOnTopOfItsTenants() {
        accounting.send(request("req-1", "proj", "research", "gpt-4o-mini", 10, 10));
        accounting.send(request("req-2", "proj", "research", "gpt-4o-mini", 10, 10));
        accounting.send(request("req-3", "proj", "default", "gpt-4o-mini", 10, 10));

        assertThat(accounting.admittedIds()).containsExactly("req-1", "req-3");
        assertThat(accounting.replies.readValue().error().message()).contains("project research of tenant proj");
        assertThat(accounting.ledger("proj").tenant().requests().used(NOW.toEpochMilli())).isEqualTo(2);
    }

    @Test
    void aTenantNotInTheConfigIsDeadLetteredNeverServedUnlimited() {
        for (int i = 1; i <= 20; i++) {
            accounting.send(request("req-" + i, "stranger", 100_000, 10));
        }

        assertThat(accounting.admittedIds()).isEmpty();
        assertThat(accounting.deadLetters.readValuesToList()).hasSize(20)
                .allSatisfy(letter -> assertThat(letter.reason()).isEqualTo("unknown tenant 'stranger'"));
        assertThat(accounting.ledger("stranger")).isNull();
    }
}
