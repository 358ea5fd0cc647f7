package io.llmgateway.accounting;

import io.llmgateway.schemas.UsageRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each (already deduplicated) usage record to its tenant's running totals and forwards the
 * new totals, for the tenant state and budget checks to come.
 */
final class TenantUsageTotals implements FixedKeyProcessor<String, UsageRecord, UsageTotals> {

    private static final Logger log = LoggerFactory.getLogger(TenantUsageTotals.class);
    private static final Serde<String> TENANT_ID = Serdes.String();

    private final String storeName;
    private FixedKeyProcessorContext<String, UsageTotals> context;
    private KeyValueStore<String, UsageTotals> totals;

    TenantUsageTotals(String storeName) {
        this.storeName = storeName;
    }

    static StoreBuilder<KeyValueStore<String, UsageTotals>> totalsByTenant(String storeName) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), TENANT_ID, UsageTotals.SERDE);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, UsageTotals> context) {
        this.context = context;
        this.totals = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, UsageRecord> record) {
        UsageRecord usage = record.value();
        UsageTotals before = totals.get(usage.tenantId());
        UsageTotals after = (before == null ? UsageTotals.NONE : before).plus(usage);
        totals.put(usage.tenantId(), after);
        log.debug("counted usage of request {}: tenant {} now at {} requests, {} tokens", usage.requestId(),
                usage.tenantId(), after.requests(), after.totalTokens());
        context.forward(record.withValue(after));
    }
}
