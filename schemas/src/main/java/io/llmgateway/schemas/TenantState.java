package io.llmgateway.schemas;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A tenant's limits and what is left of them, as accounting saw it at {@code asOfMs}; the latest
 * per tenant on the compacted {@code llm.tenant.state} (key: tenant id). Accounting decides
 * admission; the ingress reads this snapshot only to refuse plainly-over-limit requests early and
 * to tell callers their remaining quota.
 *
 * <p>A rate window lists when its admitted amounts leave the sliding minute ({@code releases}), so
 * a reader can age the snapshot to its own clock without asking accounting again.
 *
 * @param tenant the whole tenant's scope
 * @param projects each project's own scope, for the projects that have limits, a budget or usage
 */
public record TenantState(String tenantId, long asOfMs, Scope tenant, Map<String, Scope> projects) {

    public TenantState {
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonNegative(asOfMs, "as_of_ms");
        Require.nonNull(tenant, "tenant");
        projects = projects == null ? Map.of() : Map.copyOf(projects);
    }

    /**
     * One scope's state; a part is null when the scope has no such limit.
     *
     * @param inFlight requests admitted whose usage has not come back yet
     */
    public record Scope(Window requests, Window tokens, Integer maxConcurrentRequests, int inFlight,
                        Budget daily, Budget monthly) {

        public Scope {
            Require.nonNegative(inFlight, "in_flight");
        }
    }

    /**
     * A sliding-minute rate window.
     *
     * @param used what counts against {@code limit} at {@code asOfMs}
     * @param resetAtMs when everything counted now has left the window
     * @param releases when each part of {@code used} leaves the window, oldest first
     */
    public record Window(long limit, long used, long resetAtMs, List<Release> releases) {

        public Window {
            Require.nonNegative(limit, "window.limit");
            releases = releases == null ? List.of() : List.copyOf(releases);
        }

        /** What still counts at {@code nowMs} (later than the snapshot: some of it has left). */
        public long usedAt(long nowMs) {
            return releases.stream().filter(r -> r.atMs() > nowMs).mapToLong(Release::amount).sum();
        }

        public long remainingAt(long nowMs) {
            return Math.max(0, limit - usedAt(nowMs));
        }

        /**
         * How long from {@code nowMs} until {@code amount} more fits under the limit, if nothing
         * else is admitted meanwhile; -1 when it never fits (more than the limit itself).
         */
        public long msUntilFits(long amount, long nowMs) {
            if (amount > limit) {
                return -1;
            }
            long used = usedAt(nowMs);
            if (used + amount <= limit) {
                return 0;
            }
            for (Release release : releases) {
                if (release.atMs() > nowMs) {
                    used -= release.amount();
                    if (used + amount <= limit) {
                        return release.atMs() - nowMs;
                    }
                }
            }
            return msUntilReset(nowMs);
        }

        /** How long from {@code nowMs} until all that counts now has left the window. */
        public long msUntilReset(long nowMs) {
            return Math.max(0, resetAtMs - nowMs);
        }
    }

    /** {@code amount} leaves its window at {@code atMs}. */
    public record Release(long atMs, long amount) {}

    /**
     * A budget in its current period.
     *
     * @param period the period's name: {@code 2026-01-15} for a day, {@code 2026-01} for a month
     * @param spentUsd charged so far in the period
     * @param reservedUsd estimated cost of the requests in flight
     * @param periodEndMs when the next period starts (and spend starts again from zero)
     */
    public record Budget(BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal reservedUsd, String period,
                         long periodEndMs) {

        public Budget {
            Require.nonNull(limitUsd, "budget.limit_usd");
            Require.nonNull(spentUsd, "budget.spent_usd");
            reservedUsd = reservedUsd == null ? BigDecimal.ZERO : reservedUsd;
            Require.nonBlank(period, "budget.period");
        }

        /** Spent all of it: requests stop until {@code periodEndMs}. */
        public boolean isExhaustedAt(long nowMs) {
            return nowMs < periodEndMs && spentUsd.compareTo(limitUsd) >= 0;
        }
    }
}
