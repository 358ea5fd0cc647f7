package io.llmgateway.accounting;

import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Random;

/** Tenant ledgers built by random sequences of what admission and reconciliation do to them. */
final class RandomLedgers {

    static final long START_MS = 1_768_471_200_000L;
    private static final BudgetCalendar CALENDAR = new BudgetCalendar(ZoneOffset.UTC);
    private static final String[] PROJECTS = {"default", "research", "día-ß", "p/4"};

    private final Random random;
    /** Where the last ledger built was brought to. */
    private long nowMs;

    RandomLedgers(long seed) {
        this.random = new Random(seed);
    }

    long nowMs() {
        return nowMs;
    }

    TenantLedger next() {
        TenantLedger ledger = new TenantLedger();
        nowMs = START_MS;
        int operations = random.nextInt(400);
        for (int i = 0; i < operations; i++) {
            // Mostly within the minute; now and then a day or a month on, so budgets roll.
            nowMs += random.nextInt(50) == 0 ? random.nextLong(40L * 86_400_000) : random.nextInt(1_500);
            ledger.advanceTo(nowMs, CALENDAR.at(nowMs));
            String project = PROJECTS[random.nextInt(PROJECTS.length)];
            switch (random.nextInt(5)) {
                case 0 -> ledger.reserve(project, new Estimate(random.nextInt(5_000), random.nextInt(5_000),
                        decimal()), nowMs);
                case 1 -> ledger.release(held(project), random.nextBoolean() ? null : random.nextLong(10_000L), nowMs);
                case 2 -> ledger.chargeTokens(project, random.nextInt(10_000), nowMs);
                case 3 -> ledger.charge(cost(project), project);
                default -> ledger.project(project).daily().markAlerted(random.nextInt(101));
            }
        }
        return ledger;
    }

    /** Any scale, small values and ones too big for a long. */
    BigDecimal decimal() {
        BigInteger unscaled = new BigInteger(random.nextBoolean() ? 20 : 90, random);
        return new BigDecimal(unscaled, random.nextInt(25));
    }

    private HeldReservation held(String project) {
        long admittedAtMs = nowMs - random.nextInt(70_000);
        BudgetCalendar.Periods periods = CALENDAR.at(admittedAtMs);
        return new HeldReservation("req", "tenant", project, "model", random.nextInt(5_000), decimal(), admittedAtMs,
                periods.day(), periods.month(), nowMs + 60_000);
    }

    private CostRecord cost(String project) {
        BigDecimal part = decimal();
        return new CostRecord("req", "tenant", project, "key", "model", null, "mock",
                random.nextInt(8) == 0 ? Outcome.REJECTED : Outcome.SUCCESS, random.nextInt(5_000), random.nextInt(100),
                random.nextInt(5_000), 0, part, BigDecimal.ZERO, part, part.add(part), "2026-01-01", true,
                random.nextBoolean(), false, nowMs, nowMs, nowMs);
    }
}
