package io.llmgateway.accounting;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The live {@link TenantLedger}s of one stream task, so that a record does not deserialize its
 * tenant's ledger: the task is the only writer of its tenants, so the object it last wrote is
 * what the store holds. Writes still go to the store, the source of truth (changelogged, committed
 * with the outputs they caused).
 *
 * <p>Only what the store holds is kept: {@link #take} hands a ledger out to be changed and forgets
 * it until {@link #put} writes it, so a change that fails half way is never served; the next take
 * reads the store again. Cleared whenever the task's processors start or close (a task assigned
 * again restores its store from the changelog). Used by the task's thread only.
 */
final class LedgerCache {

    private final Map<String, TenantLedger> live = new HashMap<>();

    /** The tenant's ledger, to be changed and then {@link #put}; a tenant seen for the first time starts empty. */
    TenantLedger take(KeyValueStore<String, TenantLedger> store, String tenantId) {
        TenantLedger ledger = live.remove(tenantId);
        return ledger != null ? ledger : read(store, tenantId);
    }

    /** The tenant's ledger to read, not to change. */
    TenantLedger peek(KeyValueStore<String, TenantLedger> store, String tenantId) {
        TenantLedger ledger = live.get(tenantId);
        if (ledger == null) {
            ledger = store.get(tenantId);
            if (ledger == null) {
                return new TenantLedger();
            }
            live.put(tenantId, ledger);
        }
        return ledger;
    }

    /** Writes the ledger to the store and keeps it. */
    void put(KeyValueStore<String, TenantLedger> store, String tenantId, TenantLedger ledger) {
        store.put(tenantId, ledger);
        live.put(tenantId, ledger);
    }

    boolean holds(String tenantId) {
        return live.containsKey(tenantId);
    }

    void clear() {
        live.clear();
    }

    private static TenantLedger read(KeyValueStore<String, TenantLedger> store, String tenantId) {
        TenantLedger ledger = store.get(tenantId);
        return ledger == null ? new TenantLedger() : ledger;
    }
}
