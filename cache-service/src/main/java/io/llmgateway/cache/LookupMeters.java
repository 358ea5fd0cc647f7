package io.llmgateway.cache;

import io.llmgateway.schemas.CacheStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The cache's lookups, one timer {@code gateway.cache.lookups} by {@code decision} (hit,
 * semantic_hit, miss, bypass) and {@code tier} (the tier that answered: exact or semantic; none
 * for a miss or bypass), measured from screening to the decision (search queue included). Its
 * count is the lookups, so hit ratios by tier are ratios of its {@code _count} series.
 */
final class LookupMeters {

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final MeterRegistry registry;

    LookupMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Lookup lookup, long nanos) {
        CacheStatus decision = switch (lookup) {
            case Lookup.Hit hit -> hit.status();
            case Lookup.Forward forward -> forward.decision().status();
        };
        String tier = switch (decision) {
            case HIT -> "exact";
            case SEMANTIC_HIT -> "semantic";
            case MISS, BYPASS -> "none";
        };
        Timer.builder("gateway.cache.lookups")
                .description("Cache lookups by decision and the tier that answered, with their latency")
                .tags("decision", decision.name().toLowerCase(Locale.ROOT), "tier", tier)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
