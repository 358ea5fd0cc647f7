package io.llmgateway.accounting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestWindowTest {

    private static final long NOW = Instant.parse("2026-12-07T12:00:30Z").toEpochMilli();
    private final RequestWindow window = new RequestWindow(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private static UsageRecord usage(String id, String tenant, Outcome outcome, long latencyMs, CacheStatus cache) {
        return new UsageRecord(id, tenant, "default", "key", "gpt-4o-mini", "gpt-4o-mini", "mock", outcome,
                new TokenUsage(10, 20, 0), false, false, 1, latencyMs / 2, latencyMs, NOW - latencyMs, NOW, null,
                cache, null);
    }

    private static CostRecord cost(String id, String usd) {
        BigDecimal amount = new BigDecimal(usd);
        return new CostRecord(id, "acme", "default", "key", "gpt-4o-mini", "gpt-4o-mini", "mock", Outcome.SUCCESS, 10,
                0, 20, 0, BigDecimal.ZERO, BigDecimal.ZERO, amount, amount, "list", true, false, false, NOW, NOW, NOW);
    }

    @Test
    void aRequestIsListedNewestFirstAndGetsItsCostWhicheverRecordComesFirst() {
        window.finished(usage("r1", "acme", Outcome.SUCCESS, 100, CacheStatus.MISS));
        window.charged(cost("r1", "0.000009"));
        window.charged(cost("r2", "0.000004")); // accounting was faster than this reader
        window.finished(usage("r2", "acme", Outcome.SUCCESS, 50, CacheStatus.MISS));
        window.finished(usage("r2", "acme", Outcome.SUCCESS, 50, CacheStatus.MISS)); // re-delivered

        List<RequestWindow.Row> recent = window.recent();
        assertThat(recent).extracting(RequestWindow.Row::requestId).containsExactly("r2", "r1");
        assertThat(recent).extracting(RequestWindow.Row::costUsd)
                .containsExactly(new BigDecimal("0.000004"), new BigDecimal("0.000009"));
    }

    @Test
    void keepsTheLastRequestsOnlyAndCountsMinutesCacheDecisionsAndProviderFailures() {
        for (int i = 0; i < RequestWindow.RECENT + 5; i++) {
            window.finished(usage("r" + i, i % 2 == 0 ? "acme" : "globex", i % 10 == 0 ? Outcome.FAILED : Outcome.SUCCESS,
                    i, i % 4 == 0 ? CacheStatus.HIT : CacheStatus.MISS));
        }
        assertThat(window.recent()).hasSize(RequestWindow.RECENT);
        assertThat(window.recent().getFirst().requestId()).isEqualTo("r" + (RequestWindow.RECENT + 4));
        var minutes = window.minutes();
        assertThat(minutes).hasSize(RequestWindow.MINUTES);
        long thisMinute = NOW - NOW % 60_000;
        assertThat(minutes.get(thisMinute).get("acme")).isEqualTo(new RequestWindow.Minute(103, 103 * 30));
        assertThat(window.cacheDecisions().get(CacheStatus.HIT)).isEqualTo(52);
        assertThat(window.providers().get("mock")).isEqualTo(new RequestWindow.ProviderCount(205, 21));
    }

    @Test
    void quantilesAreNearestRank() {
        assertThat(RequestWindow.quantiles(new long[] {5, 1, 4, 2, 3, 10, 9, 8, 7, 6}, 0.5, 0.9, 0.99))
                .containsExactly(5L, 9L, 10L);
        assertThat(RequestWindow.quantiles(new long[0], 0.5)).isEmpty();
    }
}
