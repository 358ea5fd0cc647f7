package io.llmgateway.accounting;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How a {@link TenantLedger} is kept in the {@code tenant-ledgers} store and its changelog. Binary,
 * not JSON: every request and every usage record writes its tenant's ledger, and reflective JSON of
 * its per-second buckets cost about a quarter of the stream thread's CPU. The changelog is internal
 * state, not a contract; the leading version byte lets a later format be read beside this one.
 * Version 1 does not read the JSON the store held before (the project was never released).
 *
 * <p>Version 1, in {@link StateOutput}'s encodings: tenant scope; project count, then (project id,
 * scope) in id order; totals (requests, rejected, input, cached input, output tokens, cache hits,
 * cost). A scope: requests window, tokens window, in flight, daily budget, monthly budget. A window:
 * bucket count, then (bucket start minus the previous one's, amount) oldest first. A budget: period,
 * spent, reserved, count and alert levels announced.
 */
final class TenantLedgerFormat {

    static final int VERSION = 1;

    static final Serde<TenantLedger> SERDE = Serdes.serdeFrom(
            (Serializer<TenantLedger>) (topic, ledger) -> ledger == null ? null : write(ledger),
            (Deserializer<TenantLedger>) (topic, bytes) -> bytes == null ? null : read(bytes));

    /** Room for a tenant with a few busy projects, so most ledgers are written without growing. */
    private static final int EXPECTED_SIZE = 2048;

    private TenantLedgerFormat() {}

    static byte[] write(TenantLedger ledger) {
        StateOutput out = new StateOutput(VERSION, EXPECTED_SIZE);
        writeScope(out, ledger.tenant());
        out.writeUnsigned(ledger.projects().size());
        ledger.projects().forEach((projectId, scope) -> {
            out.writeString(projectId);
            writeScope(out, scope);
        });
        UsageTotals totals = ledger.totals();
        out.writeLong(totals.requests());
        out.writeLong(totals.rejected());
        out.writeLong(totals.inputTokens());
        out.writeLong(totals.cachedInputTokens());
        out.writeLong(totals.outputTokens());
        out.writeLong(totals.cacheHits());
        out.writeDecimal(totals.costUsd());
        return out.toByteArray();
    }

    static TenantLedger read(byte[] bytes) {
        StateInput in = new StateInput(bytes, VERSION, "tenant ledger");
        ScopeLedger tenant = readScope(in);
        TreeMap<String, ScopeLedger> projects = new TreeMap<>();
        for (int i = in.readCount(); i > 0; i--) {
            projects.put(in.readString(), readScope(in));
        }
        UsageTotals totals = new UsageTotals(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readDecimal());
        in.end();
        return new TenantLedger(tenant, projects, totals);
    }

    private static void writeScope(StateOutput out, ScopeLedger scope) {
        writeWindow(out, scope.requests());
        writeWindow(out, scope.tokens());
        out.writeLong(scope.inFlight());
        writeBudget(out, scope.daily());
        writeBudget(out, scope.monthly());
    }

    private static ScopeLedger readScope(StateInput in) {
        return new ScopeLedger(readWindow(in), readWindow(in), in.readInt(), readBudget(in), readBudget(in));
    }

    /** Bucket starts as deltas: a second apart, they take two bytes instead of eight. */
    private static void writeWindow(StateOutput out, SlidingWindow window) {
        SortedMap<Long, Long> buckets = window.buckets();
        out.writeUnsigned(buckets.size());
        long[] previous = {0};
        buckets.forEach((start, amount) -> {
            out.writeLong(start - previous[0]);
            out.writeLong(amount);
            previous[0] = start;
        });
    }

    private static SlidingWindow readWindow(StateInput in) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        long start = 0;
        for (int i = in.readCount(); i > 0; i--) {
            start += in.readLong();
            buckets.put(start, in.readLong());
        }
        return new SlidingWindow(buckets);
    }

    private static void writeBudget(StateOutput out, BudgetLedger budget) {
        out.writeString(budget.period());
        out.writeDecimal(budget.spentUsd());
        out.writeDecimal(budget.reservedUsd());
        out.writeUnsigned(budget.alertedLevels().size());
        budget.alertedLevels().forEach(out::writeLong);
    }

    private static BudgetLedger readBudget(StateInput in) {
        String period = in.readString();
        var spent = in.readDecimal();
        var reserved = in.readDecimal();
        TreeSet<Integer> levels = new TreeSet<>();
        for (int i = in.readCount(); i > 0; i--) {
            levels.add(in.readInt());
        }
        return new BudgetLedger(period, spent, reserved, levels);
    }
}
