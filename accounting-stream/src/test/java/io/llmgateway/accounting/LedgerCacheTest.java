package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerCacheTest {

    private static final long NOW_MS = 1_768_471_200_000L;
    private static final BudgetCalendar CALENDAR = new BudgetCalendar(ZoneOffset.UTC);

    private final KeyValueStore<String, TenantLedger> store = AccountingStores.ledgers().withLoggingDisabled().build();
    private final LedgerCache cache = new LedgerCache();

    LedgerCacheTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aLedgerPutIsServedAgainWithoutReadingTheStore() {
        TenantLedger ledger = reserved(cache.take(store, "t"), 100);
        cache.put(store, "t", ledger);

        assertThat(cache.peek(store, "t")).isSameAs(ledger);
        assertThat(cache.take(store, "t")).isSameAs(ledger);
        assertThat(tokens(store.get("t"))).isEqualTo(100);
    }

    @Test
    void aLedgerChangedButNeverPutIsNotServedAgain() {
        cache.put(store, "t", reserved(cache.take(store, "t"), 100));
        TenantLedger failedHalfWay = reserved(cache.take(store, "t"), 50);

        TenantLedger next = cache.take(store, "t");

        assertThat(next).isNotSameAs(failedHalfWay);
        assertThat(tokens(next)).isEqualTo(100);
    }

    @Test
    void afterClearTheStoreIsReadAgain() {
        cache.put(store, "t", reserved(cache.take(store, "t"), 100));
        // What a restore from the changelog could leave in the store behind the cache's back.
        store.put("t", reserved(new TenantLedger(), 7));

        cache.clear();

        assertThat(cache.holds("t")).isFalse();
        assertThat(tokens(cache.peek(store, "t"))).isEqualTo(7);
    }

    @Test
    void aTenantNeverSeenStartsEmptyAndIsNotKept() {
        assertThat(cache.peek(store, "new").projects()).isEmpty();
        assertThat(cache.take(store, "new").totals()).isEqualTo(UsageTotals.NONE);
        assertThat(cache.holds("new")).isFalse();
    }

    @Test
    void theProcessorsOfATaskShareOneCacheAndOtherTasksHaveTheirOwn() {
        LedgerCaches caches = new LedgerCaches();

        assertThat(caches.of(new TaskId(0, 1))).isSameAs(caches.of(new TaskId(0, 1)));
        assertThat(caches.of(new TaskId(0, 1))).isNotSameAs(caches.of(new TaskId(0, 2)));
        assertThat(new LedgerCaches().of(new TaskId(0, 1))).isNotSameAs(caches.of(new TaskId(0, 1)));
    }

    private static TenantLedger reserved(TenantLedger ledger, long tokens) {
        ledger.advanceTo(NOW_MS, CALENDAR.at(NOW_MS));
        ledger.reserve("default", new Estimate(tokens, 0, BigDecimal.ZERO), NOW_MS);
        return ledger;
    }

    private static long tokens(TenantLedger ledger) {
        return ledger.tenant().tokens().used(NOW_MS);
    }
}
