package io.llmgateway.schemas;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the pipeline with its default name, key and value types (the README's architecture picture). */
public final class Topics {

    private static final Serde<String> KEY = Serdes.String();

    /** Requests from ingress and batch producers, keyed by tenant id. */
    public static final Topic<String, GatewayRequest> REQUESTS =
            new Topic<>("llm.requests", KEY, new JsonSerde<>(GatewayRequest.class));

    /** Requests admitted by accounting, keyed by tenant id. */
    public static final Topic<String, GatewayRequest> ADMITTED =
            new Topic<>("llm.admitted", KEY, new JsonSerde<>(GatewayRequest.class));

    /** Cache misses for the router, keyed by request id. */
    public static final Topic<String, GatewayRequest> ROUTABLE =
            new Topic<>("llm.routable", KEY, new JsonSerde<>(GatewayRequest.class));

    /** One usage record per request, keyed by tenant id. */
    public static final Topic<String, UsageRecord> USAGE =
            new Topic<>("llm.usage", KEY, new JsonSerde<>(UsageRecord.class));

    /** Records no stage could process, keyed by request id when known. */
    public static final Topic<String, DeadLetter> DEAD_LETTER =
            new Topic<>("llm.dead-letter", KEY, new JsonSerde<>(DeadLetter.class));

    /**
     * Cached answers, compacted: key {@code <tenant>/<exact key>} (see {@link CacheEntry#kafkaKey}),
     * written to the partition of the tenant so it lines up with {@link #ADMITTED}; a null value
     * deletes (see {@link CacheEntry#purgeKey} for a tenant's purge).
     */
    public static final Topic<String, CacheEntry> CACHE_ENTRIES =
            new Topic<>("llm.cache.entries", KEY, new JsonSerde<>(CacheEntry.class));

    /**
     * Requests whose caller went away, keyed by request id. Every router worker reads all of it
     * (no consumer group): the one working on the request stops the provider call.
     */
    public static final Topic<String, CancelRequest> CANCELS =
            new Topic<>("llm.cancels", KEY, new JsonSerde<>(CancelRequest.class));

    /** Each tenant's latest limits and remaining quota, compacted, keyed by tenant id. */
    public static final Topic<String, TenantState> TENANT_STATE =
            new Topic<>("llm.tenant.state", KEY, new JsonSerde<>(TenantState.class));

    /** One committed cost record per request, keyed by tenant id; finance reads it read_committed. */
    public static final Topic<String, CostRecord> COSTS =
            new Topic<>("llm.costs", KEY, new JsonSerde<>(CostRecord.class));

    /** Running cost totals per tenant, model and hour, compacted, keyed by {@link CostRollup#key()}. */
    public static final Topic<String, CostRollup> COSTS_HOURLY =
            new Topic<>("llm.costs.hourly", KEY, new JsonSerde<>(CostRollup.class));

    /** Budget alert levels reached, keyed by tenant id. */
    public static final Topic<String, BudgetAlert> BUDGET_ALERTS =
            new Topic<>("llm.budget.alerts", KEY, new JsonSerde<>(BudgetAlert.class));

    /**
     * What each {@code Idempotency-Key} stands for and, once known, its first answer; compacted,
     * keyed by {@link IdempotencyRecord#kafkaKey()}. Every ingress instance reads all of it.
     */
    public static final Topic<String, IdempotencyRecord> IDEMPOTENCY =
            new Topic<>("llm.idempotency", KEY, new JsonSerde<>(IdempotencyRecord.class));

    /** The request log: one record per request, keyed by tenant id, kept for a time (not compacted). */
    public static final Topic<String, RequestLogRecord> REQUEST_LOG =
            new Topic<>("llm.request.log", KEY, new JsonSerde<>(RequestLogRecord.class));

    private static final Serde<Reply> REPLY_SERDE = new JsonSerde<>(Reply.class);

    private Topics() {}

    /** A caller's reply topic (one per ingress instance or batch job), keyed by request id. */
    public static Topic<String, Reply> replies(String name) {
        return new Topic<>(name, KEY, REPLY_SERDE);
    }
}
