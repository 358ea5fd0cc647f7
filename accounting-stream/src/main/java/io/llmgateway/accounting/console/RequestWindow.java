package io.llmgateway.accounting.console;

import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.UsageRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent requests the console shows, in memory and bounded: the last {@link #RECENT} requests
 * (joined with their cost once accounting charged them), per-minute requests and tokens per
 * tenant for the last {@link #MINUTES} minutes, and outcome counts by cache decision and by
 * provider since start. Holds no prompt or answer: usage and cost records have none.
 * Thread-safe: the readers add, the HTTP handler reads a snapshot.
 */
public final class RequestWindow {

    static final int RECENT = 200;
    static final int MINUTES = 30;
    private static final long MINUTE_MS = 60_000;

    /** One request as the console lists it. */
    public record Row(String requestId, long finishedAtMs, String tenant, String project, String model,
                      String provider, String status, String errorCode, int inputTokens, int outputTokens,
                      long latencyMs, Long ttftMs, String cache, boolean fallback, BigDecimal costUsd) {

        Row withCost(BigDecimal cost) {
            return new Row(requestId, finishedAtMs, tenant, project, model, provider, status, errorCode, inputTokens,
                    outputTokens, latencyMs, ttftMs, cache, fallback, cost);
        }
    }

    /** Requests and tokens of one tenant in one minute. */
    public record Minute(long requests, long tokens) {}

    /** Requests and failures of one provider. */
    public record ProviderCount(long requests, long failures) {}

    private final Clock clock;
    private final Deque<Row> recent = new ArrayDeque<>();
    private final Map<String, Row> byId = new LinkedHashMap<>();
    /** Costs that arrived before their usage record (accounting is usually later, but need not be). */
    private final Map<String, BigDecimal> earlyCosts = new LinkedHashMap<>();
    private final TreeMap<Long, Map<String, Minute>> minutes = new TreeMap<>();
    private final Map<CacheStatus, Long> cacheDecisions = new EnumMap<>(CacheStatus.class);
    private final Map<String, ProviderCount> providers = new TreeMap<>();

    public RequestWindow(Clock clock) {
        this.clock = clock;
    }

    synchronized void finished(UsageRecord usage) {
        BigDecimal cost = earlyCosts.remove(usage.requestId());
        Row row = new Row(usage.requestId(), usage.finishedAtMs() > 0 ? usage.finishedAtMs() : clock.millis(),
                usage.tenantId(), usage.projectId(), usage.modelRequested(), usage.provider(),
                usage.outcome().name().toLowerCase(Locale.ROOT), usage.errorCode(), usage.usage().inputTokens(),
                usage.usage().outputTokens(), usage.latencyMs(), usage.ttftMs(),
                usage.cacheStatus() == null ? null : usage.cacheStatus().name().toLowerCase(Locale.ROOT),
                usage.fallbackUsed(), cost);
        if (byId.containsKey(row.requestId())) {
            return; // a re-delivered record
        }
        recent.addFirst(row);
        byId.put(row.requestId(), row);
        while (recent.size() > RECENT) {
            byId.remove(recent.removeLast().requestId());
        }
        long minute = row.finishedAtMs() - row.finishedAtMs() % MINUTE_MS;
        minutes.computeIfAbsent(minute, m -> new TreeMap<>())
                .merge(row.tenant(), new Minute(1, usage.usage().totalTokens()),
                        (a, b) -> new Minute(a.requests() + b.requests(), a.tokens() + b.tokens()));
        while (!minutes.isEmpty() && minutes.firstKey() < minute - MINUTES * MINUTE_MS) {
            minutes.pollFirstEntry();
        }
        if (usage.cacheStatus() != null) {
            cacheDecisions.merge(usage.cacheStatus(), 1L, Long::sum);
        }
        if (usage.provider() != null) {
            boolean failed = usage.outcome() == Outcome.FAILED || usage.outcome() == Outcome.TIMEOUT;
            providers.merge(usage.provider(), new ProviderCount(1, failed ? 1 : 0),
                    (a, b) -> new ProviderCount(a.requests() + b.requests(), a.failures() + b.failures()));
        }
    }

    synchronized void charged(CostRecord cost) {
        Row row = byId.get(cost.requestId());
        if (row == null) {
            earlyCosts.put(cost.requestId(), cost.costUsd());
            Iterator<String> oldest = earlyCosts.keySet().iterator();
            while (earlyCosts.size() > RECENT && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
            return;
        }
        Row charged = row.withCost(cost.costUsd());
        byId.put(row.requestId(), charged);
        List<Row> rows = new ArrayList<>(recent);
        rows.replaceAll(r -> r.requestId().equals(row.requestId()) ? charged : r);
        recent.clear();
        recent.addAll(rows);
    }

    /** The last requests, newest first. */
    public synchronized List<Row> recent() {
        return List.copyOf(recent);
    }

    /** Minute start (epoch ms) to each tenant's requests and tokens in it, for the last {@link #MINUTES} minutes. */
    public synchronized Map<Long, Map<String, Minute>> minutes() {
        long now = clock.millis();
        long current = now - now % MINUTE_MS;
        Map<Long, Map<String, Minute>> copy = new LinkedHashMap<>();
        for (long minute = current - (MINUTES - 1) * MINUTE_MS; minute <= current; minute += MINUTE_MS) {
            copy.put(minute, Map.copyOf(minutes.getOrDefault(minute, Map.of())));
        }
        return copy;
    }

    public synchronized Map<CacheStatus, Long> cacheDecisions() {
        return Map.copyOf(cacheDecisions);
    }

    public synchronized Map<String, ProviderCount> providers() {
        return Map.copyOf(providers);
    }

    /** The {@code quantiles} (0..1) of the recent requests' latency, in ms; empty when there are none. */
    public List<Long> latencyQuantiles(double... quantiles) {
        return quantiles(recent().stream().mapToLong(Row::latencyMs).toArray(), quantiles);
    }

    /** As {@link #latencyQuantiles}, of the time to first token of those that have one. */
    public List<Long> ttftQuantiles(double... quantiles) {
        return quantiles(recent().stream().filter(r -> r.ttftMs() != null).mapToLong(Row::ttftMs).toArray(),
                quantiles);
    }

    /** Nearest-rank quantiles. */
    static List<Long> quantiles(long[] values, double... quantiles) {
        if (values.length == 0) {
            return List.of();
        }
        Arrays.sort(values);
        List<Long> out = new ArrayList<>();
        for (double q : quantiles) {
            int rank = (int) Math.ceil(q * values.length);
            out.add(values[Math.clamp(rank - 1, 0, values.length - 1)]);
        }
        return out;
    }
}
