package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission and reconciliation interleaved on one tenant give the same outputs and the same
 * stored ledger with the task's ledger cache as when every record reads the store, and the cache
 * only ever holds what the store holds.
 */
class LedgerCacheTopologyTest {

    private static final Instant NOW = Instant.parse("2026-01-15T23:58:00Z");
    /** Tight limits in both scopes, so requests are refused for each reason; the run crosses midnight. */
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              state_publish_interval: 1s
            prices:
              as_of: 2026-08-21
              models:
                pricey: {input: 100, output: 100}
            tenants:
              t:
                projects: [default, research]
                limits: {requests_per_minute: 40, tokens_per_minute: 20000, max_concurrent_requests: 6}
                budget: {daily_usd: 3, alert_levels: [50, 80, 100]}
                project_quotas:
                  research:
                    limits: {requests_per_minute: 8}
                    budget: {daily_usd: 0.5}
            """);
    /** In the driver the whole topology is task 0_0. */
    private static final TaskId TASK = new TaskId(0, 0);

    @TempDir
    Path stateDir;

    @Test
    void interleavedRequestsAndUsageDecideTheSameWithTheCacheAsWithout() {
        LedgerCaches cachedCaches = new LedgerCaches();
        LedgerCaches uncachedCaches = new LedgerCaches();
        try (AccountingDriver cached = new AccountingDriver(CONFIG, stateDir.resolve("cached"), NOW, cachedCaches);
             AccountingDriver uncached = new AccountingDriver(CONFIG, stateDir.resolve("uncached"), NOW,
                     uncachedCaches)) {
            Random random = new Random(42);
            List<String> inFlight = new ArrayList<>();
            int admitted = 0;
            int refused = 0;
            for (int step = 0; step < 600; step++) {
                Consumer<AccountingDriver> action = nextAction(random, step, inFlight);
                action.accept(cached);
                uncachedCaches.of(TASK).clear();
                action.accept(uncached);

                var admittedNow = cached.admitted.readKeyValuesToList();
                assertThat(admittedNow).isEqualTo(uncached.admitted.readKeyValuesToList());
                admittedNow.forEach(kv -> inFlight.add(kv.value.requestId() + "|" + kv.value.projectId()));
                var repliesNow = cached.replies.readKeyValuesToList();
                assertThat(repliesNow).isEqualTo(uncached.replies.readKeyValuesToList());
                admitted += admittedNow.size();
                refused += repliesNow.size();
                assertThat(cached.usageOut.readKeyValuesToList()).isEqualTo(uncached.usageOut.readKeyValuesToList());
                assertThat(cached.costs.readKeyValuesToList()).isEqualTo(uncached.costs.readKeyValuesToList());
                assertThat(cached.alerts.readKeyValuesToList()).isEqualTo(uncached.alerts.readKeyValuesToList());
                assertThat(cached.states.readKeyValuesToList()).isEqualTo(uncached.states.readKeyValuesToList());
                assertThat(cached.rollups.readKeyValuesToList()).isEqualTo(uncached.rollups.readKeyValuesToList());
                assertThat(stored(cached)).isEqualTo(stored(uncached));
                LedgerCache cache = cachedCaches.of(TASK);
                if (cache.holds("t")) {
                    assertThat(TenantLedgerFormat.write(cache.peek(cached.ledgers(), "t"))).isEqualTo(stored(cached));
                }
            }
            assertThat(cachedCaches.of(TASK).holds("t")).as("the cache was used").isTrue();
            assertThat(admitted).isGreaterThan(30);
            assertThat(refused).isGreaterThan(30);
        }
    }

    /** A request, a usage (sometimes re-delivered or for a request never admitted), or time passing. */
    private static Consumer<AccountingDriver> nextAction(Random random, int step, List<String> inFlight) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            String project = random.nextInt(3) == 0 ? "research" : "default";
            var request = Messages.request("req-" + step, "t", project, "pricey", 50 + random.nextInt(2_000),
                    10 + random.nextInt(500));
            return driver -> driver.send(request);
        }
        if (kind < 8 && !inFlight.isEmpty()) {
            String[] held = inFlight.get(random.nextInt(inFlight.size())).split("\\|");
            if (random.nextInt(4) != 0) {
                inFlight.remove(held[0] + "|" + held[1]);
            }
            var usage = Messages.usage(held[0], "t", held[1], "pricey", "pricey",
                    new TokenUsage(random.nextInt(600), random.nextInt(1_500), 0), Messages.CREATED_AT_MS);
            return driver -> driver.report(usage);
        }
        if (kind == 8) {
            var usage = Messages.usage("never-admitted-" + step, "t", "default", "pricey", "pricey",
                    new TokenUsage(100, 100, 0), Messages.CREATED_AT_MS);
            return driver -> driver.report(usage);
        }
        Duration elapsed = Duration.ofMillis(random.nextInt(6_000));
        return driver -> driver.advance(elapsed);
    }

    private static byte[] stored(AccountingDriver driver) {
        TenantLedger ledger = driver.ledger("t");
        return ledger == null ? null : TenantLedgerFormat.write(ledger);
    }
}
