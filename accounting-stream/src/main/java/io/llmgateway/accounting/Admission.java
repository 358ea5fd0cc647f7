package io.llmgateway.accounting;

import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.Reservation;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 * The authoritative admission of a tenant's requests, made by the one task that owns the
 * tenant's partition: reserves the request's estimate against the tenant's and the project's
 * limits and budgets and sends it on, or refuses it with a reply to the caller and a usage
 * record of the refusal.
 *
 * <p>On Streams' wall clock it also drops reservations whose usage never came (a worker that died
 * for good) and publishes the state of the tenants that changed.
 */
final class Admission implements Processor<String, GatewayRequest, String, Outbound> {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    /** How long after its deadline a request's usage may still come before its reservation is dropped. */
    static final Duration RESERVATION_GRACE = Duration.ofMinutes(1);

    /** The code of a request refused because its deadline passed before admission. */
    static final String EXPIRED_CODE = "request_expired";

    private final Map<String, TenantConfig> tenants;
    private final RequestEstimator estimator;
    private final BudgetCalendar calendar;
    private final Duration publishInterval;
    private final LedgerCaches ledgerCaches;
    private final Tracing tracing;
    private final UsedRequestIds usedIds;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, TenantLedger> ledgers;
    private LedgerCache ledgerCache;
    private KeyValueStore<String, HeldReservation> held;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, Long> tenantsToPublish;
    /**
     * Publish every tenant of the task once after it is (re)assigned: the "to publish" set is not
     * logged, and the config's limits may have changed since the last snapshot (a raised budget
     * must not stay refused at the ingress).
     */
    private boolean publishAll;

    Admission(Map<String, TenantConfig> tenants, RequestEstimator estimator, BudgetCalendar calendar,
              Duration publishInterval, LedgerCaches ledgerCaches, Tracing tracing, UsedRequestIds usedIds) {
        this.tracing = tracing;
        this.tenants = tenants;
        this.usedIds = usedIds;
        this.estimator = estimator;
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
        usedIds.init(context);
        this.publishAll = true;
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void close() {
        ledgerCache.clear();
    }

    /** The admission stage of the request's trace: a child of the ingress's (or a batch producer's) span. */
    @Override
    public void process(Record<String, GatewayRequest> record) {
        GatewayRequest request = record.value();
        try (Stage stage = tracing.recordStage("admission", record.headers(), request.traceparent())) {
            stage.set(GenAiAttributes.STAGE, "accounting").request(request);
            process(record, stage);
        }
    }

    private void process(Record<String, GatewayRequest> record, Stage stage) {
        GatewayRequest request = record.value();
        String requestId = request.requestId();
        if (held.get(requestId) != null) {
            // A producer sent the same request twice: the first copy is already reserved and on its way.
            log.info("dropping request {} of tenant {} at {}: already admitted and in flight", requestId,
                    request.tenantId(), where());
            return;
        }
        // Streams' wall clock: the test driver sets it, so windows and budgets test without sleeps.
        long nowMs = context.currentSystemTimeMs();
        OptionalLong admittedAt = usedIds.admittedAt(requestId, nowMs);
        if (admittedAt.isPresent()) {
            DeadLetter letter = usedIds.letter(request, admittedAt.getAsLong(), context.recordMetadata().orElseThrow(),
                    nowMs);
            log.warn("dead-lettering request {} of tenant {} at {}: {}", requestId, request.tenantId(), where(),
                    letter.reason());
            context.forward(new Record<>(request.tenantId(), new Outbound.DeadLettered(letter), nowMs));
            return;
        }
        if (request.isExpired(nowMs)) {
            // After an outage a backlog of requests nobody waits for any more: no reservation, no quota.
            refuse(record, new AdmissionPolicy.Refuse(expired(request, nowMs), List.of()), null, nowMs);
            return;
        }
        String tenantId = request.tenantId();
        String projectId = Projects.of(request.projectId());
        TenantConfig config = tenants.get(tenantId);
        BudgetCalendar.Periods periods = calendar.at(nowMs);
        TenantLedger ledger = ledgerCache.take(ledgers, tenantId);
        ledger.advanceTo(nowMs, periods);
        Estimate estimate = estimator.estimate(request);

        AdmissionPolicy.Decision decision = AdmissionPolicy.decide(tenantId, config, ledger, projectId, estimate,
                periods, nowMs);
        if (decision instanceof AdmissionPolicy.Refuse refusal) {
            stage.set(GenAiAttributes.ADMISSION, refusal.error().code());
            refuse(record, refusal, config, nowMs);
        } else {
            stage.set(GenAiAttributes.ADMISSION, "admitted");
            admit(record, ledger, projectId, estimate, periods, nowMs);
        }
        ledgerCache.put(ledgers, tenantId, ledger);
        tenantsToPublish.put(tenantId, nowMs);
    }

    private void admit(Record<String, GatewayRequest> record, TenantLedger ledger, String projectId,
                       Estimate estimate, BudgetCalendar.Periods periods, long nowMs) {
        GatewayRequest request = record.value();
        ledger.reserve(projectId, estimate, nowMs);
        long expiresAtMs = Math.max(request.deadlineMs(), nowMs) + RESERVATION_GRACE.toMillis();
        HeldReservation reservation = new HeldReservation(request.requestId(), request.tenantId(), projectId,
                request.model(), estimate.tokens(), estimate.costUsd(), nowMs, periods.day(), periods.month(),
                expiresAtMs);
        held.put(request.requestId(), reservation);
        usedIds.remember(request.requestId(), nowMs);
        expiry.put(reservation.expiryKey(), request.requestId());
        log.debug("admitted request {} of tenant {} project {} at {} reserving {} tokens, ${}", request.requestId(),
                request.tenantId(), projectId, where(), estimate.tokens(), estimate.costUsd());
        context.forward(record.withValue(
                new Outbound.Admitted(request.withReservation(new Reservation(estimate.tokens(), 1, nowMs))))
                .withHeaders(Tracing.currentHeaders(record.headers())));
    }

    private void refuse(Record<String, GatewayRequest> record, AdmissionPolicy.Refuse refusal, TenantConfig config,
                        long nowMs) {
        GatewayRequest request = record.value();
        GatewayError error = refusal.error();
        log.debug("refused request {} of tenant {} project {} at {}: {} ({})", request.requestId(), request.tenantId(),
                request.projectId(), where(), error.code(), error.message());
        context.forward(new Record<>(request.requestId(),
                new Outbound.Rejection(request.replyTopic(), Reply.failure(request.requestId(), 0, 0, error, nowMs)),
                nowMs, Tracing.currentHeaders(null)));
        context.forward(new Record<>(request.tenantId(), new Outbound.Usage(refusalUsage(request, error, nowMs)),
                nowMs, Tracing.currentHeaders(null)));
        for (BudgetAlert alert : BudgetAlerts.reachedByRefusal(request.tenantId(), config,
                refusal.budgetsRefusing(), nowMs)) {
            log.warn("budget alert: {}", alert);
            context.forward(new Record<>(request.tenantId(), new Outbound.Alert(alert), nowMs,
                    Tracing.currentHeaders(null)));
        }
    }

    /** OpenAI's 504 shape, as the ingress answers a request that timed out. */
    static GatewayError expired(GatewayRequest request, long nowMs) {
        return GatewayError.of(504, "timeout", EXPIRED_CODE, "The request's deadline ("
                + java.time.Instant.ofEpochMilli(request.deadlineMs()) + ") passed " + (nowMs - request.deadlineMs())
                + " ms before it reached admission; it was not run and costs nothing.");
    }

    /** A refused request is accounted for too: zero tokens, outcome rejected, the error's code. */
    static UsageRecord refusalUsage(GatewayRequest request, GatewayError error, long nowMs) {
        long finishedAtMs = Math.max(nowMs, request.createdAtMs());
        return new UsageRecord(request.requestId(), request.tenantId(), request.projectId(), request.apiKeyId(),
                request.model(), null, null, Outcome.REJECTED, TokenUsage.NONE, false, false, 0, null,
                finishedAtMs - request.createdAtMs(), request.createdAtMs(), finishedAtMs, error.code())
                .withTrail(RequestTrail.of(request));
    }

    private void onTick(long nowMs) {
        expireReservations(nowMs);
        publishTenantStates(nowMs);
    }

    /** Gives back the slots and reserved cost of requests whose usage never came; their tokens stay counted. */
    private void expireReservations(long nowMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiry.range(null, HeldReservation.expiryKey(nowMs, "\uffff"))) {
            it.forEachRemaining(due::add);
        }
        BudgetCalendar.Periods periods = calendar.at(nowMs);
        for (KeyValue<String, String> entry : due) {
            expiry.delete(entry.key);
            HeldReservation reservation = held.delete(entry.value);
            if (reservation == null) {
                continue;
            }
            log.warn("no usage came for request {} of tenant {} by {}: dropping its reservation of {} tokens",
                    reservation.requestId(), reservation.tenantId(), java.time.Instant.ofEpochMilli(
                            reservation.expiresAtMs()), reservation.tokens());
            TenantLedger ledger = ledgerCache.take(ledgers, reservation.tenantId());
            ledger.advanceTo(nowMs, periods);
            ledger.release(reservation, null, nowMs);
            ledgerCache.put(ledgers, reservation.tenantId(), ledger);
            tenantsToPublish.put(reservation.tenantId(), nowMs);
        }
    }

    private void publishTenantStates(long nowMs) {
        Set<String> changed = new LinkedHashSet<>();
        try (KeyValueIterator<String, Long> it = tenantsToPublish.all()) {
            it.forEachRemaining(entry -> changed.add(entry.key));
        }
        if (publishAll) {
            publishAll = false;
            try (KeyValueIterator<String, TenantLedger> it = ledgers.all()) {
                it.forEachRemaining(entry -> changed.add(entry.key));
            }
        }
        BudgetCalendar.Periods periods = calendar.at(nowMs);
        for (String tenantId : changed) {
            tenantsToPublish.delete(tenantId);
            // Read only: a snapshot counts the windows and budgets at nowMs without advancing the ledger.
            TenantLedger ledger = ledgerCache.peek(ledgers, tenantId);
            context.forward(new Record<>(tenantId, new Outbound.State(
                    TenantSnapshots.of(tenantId, tenants.get(tenantId), ledger, periods, nowMs)), nowMs));
        }
    }

    private String where() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("-");
    }
}
