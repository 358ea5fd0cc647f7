package io.llmgateway.accounting;

import org.apache.kafka.streams.state.KeyValueStore;

/** Reads a tenant's ledger from its store; a tenant seen for the first time starts empty. */
final class Ledgers {

    private Ledgers() {}

    static TenantLedger get(KeyValueStore<String, TenantLedger> store, String tenantId) {
        TenantLedger ledger = store.get(tenantId);
        return ledger == null ? new TenantLedger() : ledger;
    }
}
