package io.llmgateway.accounting;

/** The counters of one scope (a tenant, or one of its projects). Mutable, like its ledger. */
final class ScopeLedger {

    private final SlidingWindow requests;
    private final SlidingWindow tokens;
    private int inFlight;
    private final BudgetLedger daily;
    private final BudgetLedger monthly;

    ScopeLedger() {
        this(new SlidingWindow(), new SlidingWindow(), 0, new BudgetLedger(), new BudgetLedger());
    }

    /** A scope with these counters, as {@link TenantLedgerFormat} read them. */
    ScopeLedger(SlidingWindow requests, SlidingWindow tokens, int inFlight, BudgetLedger daily, BudgetLedger monthly) {
        this.requests = requests;
        this.tokens = tokens;
        this.inFlight = inFlight;
        this.daily = daily;
        this.monthly = monthly;
    }

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
