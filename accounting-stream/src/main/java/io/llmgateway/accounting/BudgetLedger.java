package io.llmgateway.accounting;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One budget period of one scope: what was charged, what the requests in flight may still cost,
 * and the alert levels already announced. Kept whether or not a budget is configured, so spend
 * is always known.
 */
final class BudgetLedger {

    /** The period's name: {@code 2026-01-15} or {@code 2026-01}. */
    private String period;
    private BigDecimal spentUsd;
    private BigDecimal reservedUsd;
    private TreeSet<Integer> alertedLevels;

    BudgetLedger() {
        this(null, BigDecimal.ZERO, BigDecimal.ZERO, new TreeSet<>());
    }

    /** A period with these amounts, as {@link TenantLedgerFormat} read them. */
    BudgetLedger(String period, BigDecimal spentUsd, BigDecimal reservedUsd, TreeSet<Integer> alertedLevels) {
        this.period = period;
        this.spentUsd = spentUsd;
        this.reservedUsd = reservedUsd;
        this.alertedLevels = alertedLevels;
    }

    /** Starts {@code current} from zero when the period has changed. */
    void rollTo(String current) {
        if (!current.equals(period)) {
            period = current;
            spentUsd = BigDecimal.ZERO;
            reservedUsd = BigDecimal.ZERO;
            alertedLevels = new TreeSet<>();
        }
    }

    String period() {
        return period;
    }

    BigDecimal spentUsd() {
        return spentUsd;
    }

    BigDecimal reservedUsd() {
        return reservedUsd;
    }

    void reserve(BigDecimal usd) {
        reservedUsd = reservedUsd.add(usd);
    }

    /** Takes back a reservation made in {@code madeIn}; one from an earlier period was dropped with it. */
    void release(String madeIn, BigDecimal usd) {
        if (madeIn.equals(period)) {
            reservedUsd = reservedUsd.subtract(usd).max(BigDecimal.ZERO);
        }
    }

    void charge(BigDecimal usd) {
        spentUsd = spentUsd.add(usd);
    }

    /** The alert levels announced in this period, lowest first; read-only. */
    SortedSet<Integer> alertedLevels() {
        return Collections.unmodifiableSortedSet(alertedLevels);
    }

    /** Marks {@code level} announced; false when it already was in this period. */
    boolean markAlerted(int level) {
        return alertedLevels.add(level);
    }
}
