package io.llmgateway.accounting;

import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.JsonSerde;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The state stores of the accounting app. The ledgers, reservations and rollups are changelogged
 * (exactly-once: a store and the outputs it caused commit together); they live in memory and are
 * rebuilt from their changelog on start, except the request ids seen for deduplication (a day of
 * them, of usage and of admissions), which live on disk. The two "to publish" sets are not logged: a task republishes all
 * of its tenants and rollups when it is assigned, so losing them in a crash loses nothing, and each
 * request saves their changelog writes.
 */
final class AccountingStores {

    /** Tenant id to its {@link TenantLedger}; also what the interactive queries read. */
    static final String LEDGERS = "tenant-ledgers";
    /** Request id to the {@link HeldReservation} of a request in flight. */
    static final String HELD = "held-reservations";
    /** {@link HeldReservation#expiryKey()} to request id: the reservations in expiry order. */
    static final String EXPIRY = "reservation-expiry";
    /** Tenants whose state changed since it was last published (not logged). */
    static final String TENANTS_TO_PUBLISH = "tenants-to-publish";
    /** {@link #rollupKey} to the hour's running totals. */
    static final String ROLLUPS = "cost-rollups";
    /** Rollups changed since they were last published (not logged). */
    static final String ROLLUPS_TO_PUBLISH = "rollups-to-publish";
    /** Request ids whose usage was already counted. */
    static final String SEEN_USAGE = "usage-seen-request-ids";
    /** Request ids admitted (to their admission time): a reused id is never served again. */
    static final String ADMITTED_IDS = "admitted-request-ids";

    private static final Serde<String> STRING = Serdes.String();
    private static final Serde<Long> LONG = Serdes.Long();
    static final Serde<CostRollup> ROLLUP_SERDE = new JsonSerde<>(CostRollup.class);

    private AccountingStores() {}

    static StoreBuilder<KeyValueStore<String, TenantLedger>> ledgers() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LEDGERS), STRING, TenantLedger.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, HeldReservation>> held() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HELD), STRING, HeldReservation.SERDE);
    }

    static StoreBuilder<KeyValueStore<String, String>> expiry() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(EXPIRY), STRING, STRING);
    }

    static StoreBuilder<KeyValueStore<String, Long>> tenantsToPublish() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TENANTS_TO_PUBLISH), STRING, LONG)
                .withLoggingDisabled();
    }

    static StoreBuilder<KeyValueStore<String, CostRollup>> rollups() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROLLUPS), STRING, ROLLUP_SERDE);
    }

    static StoreBuilder<KeyValueStore<String, Long>> rollupsToPublish() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROLLUPS_TO_PUBLISH), STRING, LONG)
                .withLoggingDisabled();
    }

    static StoreBuilder<WindowStore<String, Long>> seenUsage(Duration window) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(SEEN_USAGE, window, window, false), STRING, LONG);
    }

    static StoreBuilder<WindowStore<String, Long>> admittedIds(Duration window) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(ADMITTED_IDS, window, window, false), STRING,
                LONG);
    }

    /** Ordered by hour first, so the hours past retention are one range. */
    static String rollupKey(CostRollup rollup) {
        return String.format("%015d|%s", rollup.hourStartMs(), rollup.key());
    }

    static String rollupKeyBefore(long hourStartMs) {
        return String.format("%015d|", hourStartMs);
    }
}
