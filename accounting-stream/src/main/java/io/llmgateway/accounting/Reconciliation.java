package io.llmgateway.accounting;

import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a request once its (deduplicated) usage is known: gives back its reservation, charges
 * the real tokens to the rate window and their price to the budgets, sends the cost record and
 * the budget alerts reached, and adds the cost to its tenant-model-hour rollup. It also writes the
 * request's one request-log record ({@link RequestLogs}) and its one log line ({@link RequestLogLine}):
 * here the usage, the price and the trace id of the request come together, exactly once per request
 * id on the topic (the usage is deduplicated, the output transactional). The log line is outside the
 * transaction: a task that aborts and reprocesses may write it twice.
 *
 * <p>On Streams' wall clock it publishes the rollups that changed and forgets hours past
 * {@link #ROLLUP_RETENTION}.
 */
final class Reconciliation implements Processor<String, UsageRecord, String, Outbound> {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    /**
     * How long an hour's totals are kept for late usage. A usage later than this (beyond the
     * dedup window too) would start the hour's record again from its own cost.
     */
    static final Duration ROLLUP_RETENTION = Duration.ofHours(48);

    private final Map<String, TenantConfig> tenants;
    private final Pricing pricing;
    private final BudgetCalendar calendar;
    private final Duration publishInterval;
    private final LedgerCaches ledgerCaches;
    private final Tracing tracing;
    private final RequestLogs requestLogs;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, TenantLedger> ledgers;
    private LedgerCache ledgerCache;
    private KeyValueStore<String, HeldReservation> held;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, Long> tenantsToPublish;
    private KeyValueStore<String, CostRollup> rollups;
    private KeyValueStore<String, Long> rollupsToPublish;
    /** Publish every rollup of the task once after it is (re)assigned: the "to publish" set is not logged. */
    private boolean publishAll;

    Reconciliation(Map<String, TenantConfig> tenants, Pricing pricing, BudgetCalendar calendar,
                   Duration publishInterval, LedgerCaches ledgerCaches, Tracing tracing, RequestLogs requestLogs) {
        this.tracing = tracing;
        this.requestLogs = requestLogs;
        this.tenants = tenants;
        this.pricing = pricing;
        this.calendar = calendar;
        this.publishInterval = publishInterval;
        this.ledgerCaches = ledgerCaches;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.ledgers = context.getStateStore(AccountingStores.LEDGERS);
        this.ledgerCache = ledgerCaches.of(context.taskId());
        ledgerCache.clear();
        this.held = context.getStateStore(AccountingStores.HELD);
        this.expiry = context.getStateStore(AccountingStores.EXPIRY);
        this.tenantsToPublish = context.getStateStore(AccountingStores.TENANTS_TO_PUBLISH);
        this.rollups = context.getStateStore(AccountingStores.ROLLUPS);
        this.rollupsToPublish = context.getStateStore(AccountingStores.ROLLUPS_TO_PUBLISH);
        this.publishAll = true;
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void close() {
        ledgerCache.clear();
    }

    /** The charge stage of the request's trace: a child of the stage that wrote the usage record (the router's). */
    @Override
    public void process(Record<String, UsageRecord> record) {
        UsageRecord usage = record.value();
        try (Stage stage = tracing.recordStage("charge", record.headers(), null)) {
            stage.set(GenAiAttributes.STAGE, "accounting").set(GenAiAttributes.REQUEST_ID, usage.requestId())
                    .set(GenAiAttributes.TENANT, usage.tenantId())
                    .set(GenAiAttributes.USAGE_INPUT_TOKENS, (long) usage.usage().inputTokens())
                    .set(GenAiAttributes.USAGE_OUTPUT_TOKENS, (long) usage.usage().outputTokens());
            charge(record);
        }
    }

    private void charge(Record<String, UsageRecord> record) {
        UsageRecord usage = record.value();
        long nowMs = context.currentSystemTimeMs();
        String tenantId = usage.tenantId();
        TenantConfig config = tenants.get(tenantId);
        TenantLedger ledger = ledgerCache.take(ledgers, tenantId);
        ledger.advanceTo(nowMs, calendar.at(nowMs));

        HeldReservation reservation = held.delete(usage.requestId());
        String projectId = reservation != null ? reservation.projectId() : ledgerProject(config, usage);
        long actualTokens = usage.usage().totalTokens();
        if (reservation != null) {
            expiry.delete(reservation.expiryKey());
            ledger.release(reservation, actualTokens, nowMs);
        } else {
            // Admitted long ago (its reservation expired) or never through admission: the tokens count now.
            ledger.chargeTokens(projectId, actualTokens, nowMs);
        }
        CostRecord cost = pricing.cost(usage, nowMs);
        ledger.charge(cost, projectId);
        List<BudgetAlert> alerts = BudgetAlerts.reachedBySpend(tenantId, config, ledger, projectId, nowMs);
        ledgerCache.put(ledgers, tenantId, ledger);
        tenantsToPublish.put(tenantId, nowMs);
        addToRollup(cost, usage.startedAtMs(), nowMs);

        log.debug("charged request {} of tenant {} at {}: {} tokens ({} reserved), ${}", usage.requestId(), tenantId,
                where(), actualTokens, reservation == null ? "none" : reservation.tokens(), cost.costUsd());
        context.forward(record.withValue(new Outbound.Cost(cost)).withTimestamp(nowMs)
                .withHeaders(Tracing.currentHeaders(record.headers())));
        RequestLogRecord entry = requestLogs.of(usage, cost, Tracing.traceIdOf(record.headers()).orElse(null));
        context.forward(record.withValue(new Outbound.RequestLog(entry)).withTimestamp(nowMs)
                .withHeaders(Tracing.currentHeaders(record.headers())));
        RequestLogLine.write(entry);
        for (BudgetAlert alert : alerts) {
            log.warn("budget alert at {}: {}", where(), alert);
            context.forward(new Record<>(tenantId, new Outbound.Alert(alert), nowMs, Tracing.currentHeaders(null)));
        }
    }

    /**
     * The project scope an unreserved usage counts in: its own when the config gives the tenant
     * that project, else none (the tenant's scope alone, logged). Usage records are not signed, so
     * a ledger must not grow a scope for every project id one names: the ledger is one Kafka
     * record, and a ledger past the record limit would stop the app.
     */
    private String ledgerProject(TenantConfig config, UsageRecord usage) {
        String projectId = Projects.of(usage.projectId());
        if (config != null && config.projects().contains(projectId)) {
            return projectId;
        }
        log.warn("usage of request {} of tenant {} at {} names project '{}', which the config does not give the"
                + " tenant: charged to the tenant's scope alone", usage.requestId(), usage.tenantId(), where(),
                Projects.cap(projectId));
        return null;
    }

    private void addToRollup(CostRecord cost, long startedAtMs, long nowMs) {
        CostRollup empty = CostRollup.empty(cost.tenantId(), cost.billedModel(), CostRollup.hourOf(startedAtMs));
        String key = AccountingStores.rollupKey(empty);
        CostRollup before = rollups.get(key);
        rollups.put(key, (before == null ? empty : before).plus(cost, nowMs));
        rollupsToPublish.put(key, nowMs);
    }

    private void onTick(long nowMs) {
        Set<String> changed = new LinkedHashSet<>();
        try (KeyValueIterator<String, Long> it = rollupsToPublish.all()) {
            it.forEachRemaining(entry -> changed.add(entry.key));
        }
        if (publishAll) {
            publishAll = false;
            try (KeyValueIterator<String, CostRollup> it = rollups.all()) {
                it.forEachRemaining(entry -> changed.add(entry.key));
            }
        }
        for (String key : changed) {
            rollupsToPublish.delete(key);
            CostRollup rollup = rollups.get(key);
            if (rollup != null) {
                context.forward(new Record<>(rollup.key(), new Outbound.Rollup(rollup), nowMs));
            }
        }
        forgetOldHours(nowMs);
    }

    private void forgetOldHours(long nowMs) {
        long oldestKept = CostRollup.hourOf(nowMs - ROLLUP_RETENTION.toMillis());
        List<KeyValue<String, CostRollup>> old = new ArrayList<>();
        try (KeyValueIterator<String, CostRollup> it = rollups.range(null, AccountingStores.rollupKeyBefore(oldestKept))) {
            it.forEachRemaining(old::add);
        }
        old.forEach(entry -> rollups.delete(entry.key));
    }

    private String where() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("-");
    }
}
