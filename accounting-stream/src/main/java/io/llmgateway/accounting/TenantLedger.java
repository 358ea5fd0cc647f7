package io.llmgateway.accounting;

import io.llmgateway.common.config.Quota;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.CostRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Everything accounting knows about one tenant: its scope, its projects' scopes, and its totals.
 * One stream task owns it (requests and usage are keyed by tenant and co-partitioned), so a
 * reservation and its release never race. Mutable; kept in a state store in {@link TenantLedgerFormat}.
 */
final class TenantLedger {

    static final Serde<TenantLedger> SERDE = TenantLedgerFormat.SERDE;

    private final ScopeLedger tenant;
    private final TreeMap<String, ScopeLedger> projects;
    private UsageTotals totals;
    /** Where {@link #advanceTo} last brought the ledger (not stored): a project seen for the first time starts there. */
    private long nowMs;
    private BudgetCalendar.Periods periods;

    TenantLedger() {
        this(new ScopeLedger(), new TreeMap<>(), UsageTotals.NONE);
    }

    /** A ledger with these scopes and totals, as {@link TenantLedgerFormat} read them. */
    TenantLedger(ScopeLedger tenant, TreeMap<String, ScopeLedger> projects, UsageTotals totals) {
        this.tenant = tenant;
        this.projects = projects;
        this.totals = totals;
    }

    ScopeLedger tenant() {
        return tenant;
    }

    Map<String, ScopeLedger> projects() {
        return projects;
    }

    ScopeLedger project(String projectId) {
        return projects.computeIfAbsent(projectId, p -> {
            ScopeLedger scope = new ScopeLedger();
            if (periods == null) {
                throw new IllegalStateException("advance the ledger to now before touching a project");
            }
            scope.advanceTo(nowMs, periods);
            return scope;
        });
    }

    UsageTotals totals() {
        return totals;
    }

    /**
     * The tenant's scope and the project's, with the quota of each: what every check walks.
     *
     * @param projectId null: the tenant's scope alone (a usage of a project the config does not know)
     */
    List<Scoped> scopes(String projectId, TenantConfig config) {
        Scoped tenantScope = new Scoped(null, tenant, config == null ? Quota.NONE : config.quota());
        if (projectId == null) {
            return List.of(tenantScope);
        }
        return List.of(tenantScope,
                new Scoped(projectId, project(projectId), config == null ? Quota.NONE : config.projectQuota(projectId)));
    }

    /** Forgets what left the windows and starts new budget periods. */
    void advanceTo(long nowMs, BudgetCalendar.Periods periods) {
        this.nowMs = nowMs;
        this.periods = periods;
        tenant.advanceTo(nowMs, periods);
        projects.values().forEach(p -> p.advanceTo(nowMs, periods));
    }

    void reserve(String projectId, Estimate estimate, long nowMs) {
        tenant.reserve(estimate, nowMs);
        project(projectId).reserve(estimate, nowMs);
    }

    void release(HeldReservation held, Long actualTokens, long nowMs) {
        tenant.release(held, actualTokens, nowMs);
        project(held.projectId()).release(held, actualTokens, nowMs);
    }

    /** @param projectId null: the tenant's scope alone */
    void chargeTokens(String projectId, long tokens, long nowMs) {
        tenant.chargeTokens(tokens, nowMs);
        if (projectId != null) {
            project(projectId).chargeTokens(tokens, nowMs);
        }
    }

    /** @param projectId null: the tenant's scope alone (the totals count it either way) */
    void charge(CostRecord cost, String projectId) {
        tenant.chargeCost(cost.costUsd());
        if (projectId != null) {
            project(projectId).chargeCost(cost.costUsd());
        }
        totals = totals.plus(cost);
    }

    void forEachScope(BiConsumer<String, ScopeLedger> action) {
        action.accept(null, tenant);
        projects.forEach(action);
    }

    /**
     * A scope with its configured quota.
     *
     * @param projectId null for the tenant's own scope
     * @param quota none when the tenant is not in the config
     */
    record Scoped(String projectId, ScopeLedger ledger, Quota quota) {

        String describe(String tenantId) {
            return projectId == null ? "tenant " + tenantId : "project " + projectId + " of tenant " + tenantId;
        }
    }
}
