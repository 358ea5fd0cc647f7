package io.llmgateway.accounting.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.CacheStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code GET /console/api/overview} answers: one snapshot of everything the console page
 * draws. Tenants come from the config (at most {@link #MAX_TENANTS}), their spend from accounting's
 * tenant reports, request figures from the {@link RequestWindow}, breaker states from the
 * Resilience4j gauges of this process's registry (present where a router runs in the process).
 */
public final class ConsoleOverview {

    static final int MAX_TENANTS = 100;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};

    /** The whole answer; serialized in snake case. */
    public record Snapshot(long asOfMs, List<TenantSpend> spend, Traffic traffic, Percentiles latency,
                           Cache cache, List<ProviderHealth> providers, List<Breaker> breakers,
                           List<RequestWindow.Row> recent) {}

    /** Requests and tokens per minute per tenant, oldest minute first. */
    public record Traffic(List<Long> minutes, Map<String, List<Long>> requests, Map<String, List<Long>> tokens) {}

    /** Nearest-rank percentiles of the recent requests, ms; null when there are none. */
    public record Percentiles(int requests, Long latencyP50Ms, Long latencyP90Ms, Long latencyP99Ms, Long ttftP50Ms,
                              Long ttftP90Ms, Long ttftP99Ms) {}

    /** Cache decisions since start; hit ratios of all lookups. */
    public record Cache(long exactHits, long semanticHits, long misses, long bypasses, double exactHitRatio,
                        double semanticHitRatio) {}

    public record ProviderHealth(String provider, long requests, long failures, double errorRate) {}

    /** One deployment's circuit breaker: closed, open, half_open... */
    public record Breaker(String deployment, String state) {}

    private final GatewayConfig config;
    private final RequestWindow window;
    private final Function<String, Optional<JsonNode>> tenantReports;
    private final MeterRegistry registry;
    private final Clock clock;

    /** @param tenantReports a tenant's report as accounting's tenant query answers it; empty when it cannot */
    public ConsoleOverview(GatewayConfig config, RequestWindow window,
                           Function<String, Optional<JsonNode>> tenantReports, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.window = window;
        this.tenantReports = tenantReports;
        this.registry = registry;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        return new Snapshot(clock.millis(), spend(), traffic(), percentiles(), cache(), providers(), breakers(),
                window.recent());
    }

    private List<TenantSpend> spend() {
        List<TenantSpend> spend = new ArrayList<>();
        config.tenants().entrySet().stream().limit(MAX_TENANTS).forEach(entry -> {
            String tenant = entry.getKey();
            TenantConfig tenantConfig = entry.getValue();
            tenantReports.apply(tenant).ifPresent(report -> {
                spend.add(TenantSpend.of(tenant, null, report.path("usage"), tenantConfig.quota()));
                report.path("projects").properties().forEach(project -> spend.add(TenantSpend.of(tenant,
                        project.getKey(), project.getValue(), tenantConfig.projectQuota(project.getKey()))));
            });
        });
        return spend;
    }

    private Traffic traffic() {
        Map<Long, Map<String, RequestWindow.Minute>> minutes = window.minutes();
        Map<String, List<Long>> requests = new TreeMap<>();
        Map<String, List<Long>> tokens = new TreeMap<>();
        config.tenants().keySet().stream().limit(MAX_TENANTS).forEach(tenant -> {
            requests.put(tenant, new ArrayList<>());
            tokens.put(tenant, new ArrayList<>());
        });
        minutes.values().forEach(byTenant -> requests.keySet().forEach(tenant -> {
            RequestWindow.Minute minute = byTenant.getOrDefault(tenant, new RequestWindow.Minute(0, 0));
            requests.get(tenant).add(minute.requests());
            tokens.get(tenant).add(minute.tokens());
        }));
        return new Traffic(List.copyOf(minutes.keySet()), requests, tokens);
    }

    private Percentiles percentiles() {
        List<Long> latency = window.latencyQuantiles(QUANTILES);
        List<Long> ttft = window.ttftQuantiles(QUANTILES);
        return new Percentiles(window.recent().size(), at(latency, 0), at(latency, 1), at(latency, 2), at(ttft, 0),
                at(ttft, 1), at(ttft, 2));
    }

    private static Long at(List<Long> values, int index) {
        return values.isEmpty() ? null : values.get(index);
    }

    private Cache cache() {
        Map<CacheStatus, Long> decisions = window.cacheDecisions();
        long exact = decisions.getOrDefault(CacheStatus.HIT, 0L);
        long semantic = decisions.getOrDefault(CacheStatus.SEMANTIC_HIT, 0L);
        long misses = decisions.getOrDefault(CacheStatus.MISS, 0L);
        long bypasses = decisions.getOrDefault(CacheStatus.BYPASS, 0L);
        long all = exact + semantic + misses + bypasses;
        return new Cache(exact, semantic, misses, bypasses, all == 0 ? 0 : (double) exact / all,
                all == 0 ? 0 : (double) semantic / all);
    }

    private List<ProviderHealth> providers() {
        List<ProviderHealth> health = new ArrayList<>();
        window.providers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> health.add(
                new ProviderHealth(entry.getKey(), entry.getValue().requests(), entry.getValue().failures(),
                        (double) entry.getValue().failures() / Math.max(1, entry.getValue().requests()))));
        return health;
    }

    /** Resilience4j's state gauge is 1 for the breaker's current state and 0 for the others. */
    private List<Breaker> breakers() {
        Map<String, String> states = new LinkedHashMap<>();
        for (Gauge gauge : registry.find("resilience4j.circuitbreaker.state").gauges()) {
            if (gauge.value() >= 1) {
                states.put(gauge.getId().getTag("name"), gauge.getId().getTag("state").toLowerCase(Locale.ROOT));
            }
        }
        return states.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new Breaker(entry.getKey(), entry.getValue())).toList();
    }
}
