package io.llmgateway.common.metrics;

import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The request meters, recorded by the stage that holds the facts: the router and the cache for a
 * finished request (from its usage record), accounting for its cost, each consuming stage for the
 * time a request waited in Kafka before it. Names follow OpenTelemetry's GenAI semantic
 * conventions where they have one ({@code gen_ai.client.operation.duration},
 * {@code gen_ai.client.token.usage}, {@code gen_ai.server.time_to_first_token}, with the
 * attributes {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code gen_ai.token.type}, {@code error.type}); the gateway's own
 * are {@code gateway.*}. Tags are bounded: tenants through {@link TenantLabels}, model aliases and
 * providers from the config, outcomes from an enum; never a key, a prompt or a request id.
 */
public final class RequestMeters {

    /** The buckets of the GenAI token histogram, as the conventions give them (cut at 1M). */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576};
    /** Duration buckets for the histograms Grafana reads with histogram_quantile. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final TenantLabels tenants;

    public RequestMeters(MeterRegistry registry, TenantLabels tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    /** One finished request: its status, duration, time to first token and tokens. */
    public void finished(UsageRecord usage) {
        String tenant = tenants.of(usage.tenantId());
        String model = usage.modelRequested();
        String provider = usage.provider() == null ? NONE : usage.provider();
        String status = usage.outcome().name().toLowerCase(Locale.ROOT);
        Counter.builder("gateway.requests")
                .description("Finished requests by tenant, model alias, provider and status")
                .tags("tenant", tenant, "model", model, "provider", provider, "status", status)
                .register(registry).increment();
        Timer.builder("gen_ai.client.operation.duration")
                .description("Time from the stage's start on a request to its last answer byte")
                .tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", provider,
                        "gen_ai.request.model", model, "error.type", usage.errorCode() == null ? NONE : usage.errorCode())
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry).record(usage.latencyMs(), TimeUnit.MILLISECONDS);
        if (usage.ttftMs() != null) {
            Timer.builder("gen_ai.server.time_to_first_token")
                    .description("Time to the first token of an answer")
                    .tags("gen_ai.provider.name", provider, "gen_ai.request.model", model)
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .register(registry).record(usage.ttftMs(), TimeUnit.MILLISECONDS);
        }
        tokens(tenant, model, provider, "input", usage.usage().inputTokens());
        tokens(tenant, model, provider, "output", usage.usage().outputTokens());
    }

    private void tokens(String tenant, String model, String provider, String type, int count) {
        DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens of one request, input or output")
                .baseUnit("tokens")
                .tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", provider, "gen_ai.request.model", model,
                        "gen_ai.token.type", type)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry).record(count);
        Counter.builder("gateway.tokens")
                .description("Tokens by tenant, model alias and type (input or output)")
                .baseUnit("tokens")
                .tags("tenant", tenant, "model", model, "gen_ai.token.type", type)
                .register(registry).increment(count);
    }

    /** The cost accounting charged for one request, at the config's list prices. */
    public void charged(CostRecord cost) {
        Counter.builder("gateway.cost")
                .description("USD charged, by tenant, project and model alias")
                .baseUnit("usd")
                .tags("tenant", tenants.of(cost.tenantId()), "project", cost.projectId() == null ? NONE
                        : cost.projectId(), "model", cost.modelRequested())
                .register(registry).increment(cost.costUsd().doubleValue());
    }

    /** How long {@code request} waited, from its creation until {@code stage} took it up. */
    public void queued(String stage, GatewayRequest request, long nowMs) {
        Timer.builder("gateway.queue.time")
                .description("Time from a request's creation until a stage took it up (Kafka and queues before it)")
                .tags("stage", stage, "priority", request.priority().name().toLowerCase(Locale.ROOT))
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry).record(Math.max(0, nowMs - request.createdAtMs()), TimeUnit.MILLISECONDS);
    }
}
