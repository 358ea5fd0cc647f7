package io.llmgateway.accounting;

/** The counters of one scope (a tenant, or one of its projects). Mutable, like its ledger. */
final class ScopeLedger {

    private SlidingWindow requests = new SlidingWindow();
    private SlidingWindow tokens = new SlidingWindow();
    private int inFlight;
    private BudgetLedger daily = new BudgetLedger();
    private BudgetLedger monthly = new BudgetLedger();

    SlidingWindow requests() {
        return requests;
    }

    SlidingWindow tokens() {
        return tokens;
    }

    int inFlight() {
        return inFlight;
    }

    BudgetLedger daily() {
        return daily;
    }

    BudgetLedger monthly() {
        return monthly;
    }

    void advanceTo(long nowMs, BudgetCalendar.Periods periods) {
        requests.prune(nowMs);
        tokens.prune(nowMs);
        daily.rollTo(periods.day());
        monthly.rollTo(periods.month());
    }

    void reserve(Estimate estimate, long nowMs) {
        requests.add(nowMs, 1, nowMs);
        tokens.add(nowMs, estimate.tokens(), nowMs);
        inFlight++;
        daily.reserve(estimate.costUsd());
        monthly.reserve(estimate.costUsd());
    }

    /**
     * Ends a reservation: the slot is free, the reserved cost is no longer in flight, and the
     * window keeps {@code actualTokens} (the real count) instead of the estimate, when known.
     */
    void release(HeldReservation held, Long actualTokens, long nowMs) {
        if (actualTokens != null) {
            tokens.add(held.admittedAtMs(), actualTokens - held.tokens(), nowMs);
        }
        inFlight = Math.max(0, inFlight - 1);
        daily.release(held.dailyPeriod(), held.costUsd());
        monthly.release(held.monthlyPeriod(), held.costUsd());
    }

    void chargeTokens(long amount, long nowMs) {
        tokens.add(nowMs, amount, nowMs);
    }

    void chargeCost(java.math.BigDecimal usd) {
        daily.charge(usd);
        monthly.charge(usd);
    }
}
