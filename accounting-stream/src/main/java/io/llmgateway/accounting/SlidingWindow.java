package io.llmgateway.accounting;

import io.llmgateway.schemas.TenantState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sliding minute counted in one-second buckets: an amount added at time t counts until the end
 * of t's second plus 60 seconds. Exact where it matters (nothing admitted is forgotten early) and
 * small in state (at most 60 buckets).
 *
 * <p>Mutable: lives inside a {@link TenantLedger} that one stream task reads and writes.
 */
final class SlidingWindow {

    static final long WINDOW_MS = 60_000;
    static final long BUCKET_MS = 1_000;

    /** Bucket start (epoch ms) to the amount counted in it. */
    private final TreeMap<Long, Long> buckets;

    SlidingWindow() {
        this(new TreeMap<>());
    }

    /** A window with these buckets, as {@link TenantLedgerFormat} read them. */
    SlidingWindow(TreeMap<Long, Long> buckets) {
        this.buckets = buckets;
    }

    /** Bucket start (epoch ms) to its amount, oldest first; read-only. */
    SortedMap<Long, Long> buckets() {
        return Collections.unmodifiableSortedMap(buckets);
    }

    static long bucketOf(long atMs) {
        return Math.floorDiv(atMs, BUCKET_MS) * BUCKET_MS;
    }

    /** Forgets the buckets that have left the window at {@code nowMs}. */
    void prune(long nowMs) {
        buckets.headMap(nowMs - WINDOW_MS, true).clear();
    }

    /** What counts at {@code nowMs}. */
    long used(long nowMs) {
        return buckets.tailMap(nowMs - WINDOW_MS, false).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Adds {@code amount} (negative to take back part of a reservation) to the bucket of
     * {@code atMs}, if that bucket still counts at {@code nowMs}: an amount that has already left
     * the window no longer matters.
     */
    void add(long atMs, long amount, long nowMs) {
        long bucket = bucketOf(atMs);
        if (bucket + WINDOW_MS <= nowMs || amount == 0) {
            return;
        }
        long total = Math.max(0, buckets.getOrDefault(bucket, 0L) + amount);
        if (total == 0) {
            buckets.remove(bucket);
        } else {
            buckets.put(bucket, total);
        }
    }

    /**
     * How long from {@code nowMs} until {@code amount} more fits under {@code limit} if nothing
     * else is added: 0 when it fits now, -1 when it never fits (it is more than the limit).
     */
    long msUntilFits(long amount, long limit, long nowMs) {
        if (amount > limit) {
            return -1;
        }
        long used = used(nowMs);
        if (used + amount <= limit) {
            return 0;
        }
        for (Map.Entry<Long, Long> bucket : buckets.tailMap(nowMs - WINDOW_MS, false).entrySet()) {
            used -= bucket.getValue();
            if (used + amount <= limit) {
                return bucket.getKey() + WINDOW_MS - nowMs;
            }
        }
        throw new IllegalStateException("an amount within the limit fits once the window is empty");
    }

    /** When all that counts at {@code nowMs} has left the window ({@code nowMs} when nothing does). */
    long resetAtMs(long nowMs) {
        var live = buckets.tailMap(nowMs - WINDOW_MS, false);
        return live.isEmpty() ? nowMs : live.lastKey() + WINDOW_MS;
    }

    /** When each part of what counts at {@code nowMs} leaves the window, oldest first. */
    List<TenantState.Release> releases(long nowMs) {
        List<TenantState.Release> releases = new ArrayList<>();
        buckets.tailMap(nowMs - WINDOW_MS, false)
                .forEach((bucket, amount) -> releases.add(new TenantState.Release(bucket + WINDOW_MS, amount)));
        return releases;
    }

    /** This window as the tenant state shows it, against {@code limit}. */
    TenantState.Window snapshot(long limit, long nowMs) {
        return new TenantState.Window(limit, used(nowMs), resetAtMs(nowMs), releases(nowMs));
    }
}
