package io.llmgateway.bench;

import io.llmgateway.bench.load.ChatCompletionsTarget;
import io.llmgateway.bench.load.JvmMemory;
import io.llmgateway.bench.load.LoadPlan;
import io.llmgateway.bench.load.LoadResult;
import io.llmgateway.bench.load.OpenLoopLoad;
import io.llmgateway.bench.report.MachineInfo;
import io.llmgateway.bench.report.SuiteReport;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.launcher.DevGateway;
import io.llmgateway.testkit.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code soak}: open-loop load at {@code --soak-rate} for {@code --soak-minutes} on a gateway of
 * its own (the standard config), and once a minute, while the load goes on, this JVM's heap
 * after a GC plus the minute's achieved rate, failures and p99. Memory is flat when every later
 * minute's heap after GC is within 10 % of the first minute's.
 */
final class SoakScenario {

    static final double TOLERANCE = 0.10;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** One minute of the soak. */
    record Minute(int index, double seconds, double offeredPerSecond, double achievedPerSecond, long failed,
                  String failures, double p99Ms, long liveHeap, long heapAfterGc, double cpuOurs, double cpuOthers,
                  double load) {}

    private final SuiteOptions options;
    private final SuiteReport report;

    SoakScenario(SuiteOptions options, SuiteReport report) {
        this.options = options;
        this.report = report;
    }

    void run(EmbeddedKafka kafka) throws Exception {
        int rate = options.soakRate();
        int minutes = options.soakMinutes();
        GatewayConfig config = LoadSuite.benchConfig(ConfigOverrides.load(options.config(), options.overrides()));
        Progress.say("soak: " + minutes + " min at " + rate + " req/s on a fresh gateway, heap after GC each minute...");
        try (DevGateway gateway = DevGateway.start(config,
                new DevGateway.Options(kafka.bootstrapServers(), null, 0, 0), Clock.systemUTC());
             ChatCompletionsTarget http = new ChatCompletionsTarget(
                     "http://127.0.0.1:" + gateway.ingressPort() + "/v1", LoadSuite.API_KEY, LoadSuite.MODEL,
                     ChatCompletionsTarget.Mode.JSON, LoadSuite.PROMPT_WORDS)) {
            gateway.mockProvider().behave(gateway.mockProvider().behavior().withLatency(Duration.ZERO));
            Duration warm = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
            String name = "gateway soak " + rate + "/s, " + minutes + " min";
            List<Minute> rows = Collections.synchronizedList(new ArrayList<>());
            StringBuilder drain = new StringBuilder();
            LoadResult result = OpenLoopLoad.run(new LoadPlan(name, rate, Duration.ofMinutes(minutes), warm,
                    LoadPlan.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30)), http, MINUTE, interval -> {
                // The last cut is the drain after the last send, or (if the last minute's cut came late) the
                // last minute with it.
                if (interval.last() && interval.seconds() < 55) {
                    drain.append(String.format(Locale.ROOT, "After the last send (%.0f s, until every request was "
                                    + "answered or failed): %d answered, %d failed%s.\n", interval.seconds(),
                            interval.succeeded(), interval.failed(),
                            interval.failures().isEmpty() ? "" : " " + interval.failures()));
                    Progress.say("  soak " + drain.toString().strip());
                    return;
                }
                SseScenario.Heap heap = SseScenario.Heap.now();
                double p99 = interval.latency().getTotalCount() == 0 ? Double.NaN
                        : interval.latency().getValueAtPercentile(99) / 1000.0;
                Minute row = new Minute(interval.index(), interval.seconds(), rate, interval.achievedPerSecond(),
                        interval.failed(), interval.failures().isEmpty() ? "" : interval.failures().toString(), p99,
                        heap.live(), heap.afterGc(), interval.cpu().processPercent(), interval.cpu().othersPercent(),
                        MachineInfo.loadAverage());
                rows.add(row);
                Progress.say(String.format(Locale.ROOT, "  soak minute %d: %.0f/s achieved of %d, %d failed, p99 %.0f ms, "
                        + "live heap %.0f MiB (after System.gc() %.0f)", row.index(), row.achievedPerSecond(), rate,
                        row.failed(), p99, JvmMemory.mib(heap.live()), JvmMemory.mib(heap.afterGc())));
            });
            report.add(result, MachineInfo.loadAverage());
            LoadSuite.say(result);
            List<Minute> minutesMeasured;
            synchronized (rows) {
                minutesMeasured = List.copyOf(rows);
            }
            verdict(rate, minutes, result, minutesMeasured, drain.toString());
        }
    }

    /** Largest relative difference of the later heaps from the first, either way; NaN with nothing to compare. */
    static double maxDeviation(long first, List<Long> later) {
        if (first <= 0 || later.isEmpty()) {
            return Double.NaN;
        }
        return later.stream().mapToDouble(h -> Math.abs(h - first) / (double) first).max().orElse(Double.NaN);
    }

    /** Every later minute's heap after GC within {@code tolerance} of the first's, and at least one to compare. */
    static boolean flat(long first, List<Long> later, double tolerance) {
        double deviation = maxDeviation(first, later);
        return !Double.isNaN(deviation) && deviation <= tolerance;
    }

    private void verdict(int rate, int minutes, LoadResult result, List<Minute> rows, String drain) {
        if (rows.isEmpty()) {
            report.verdict("memory flat over a 10-minute soak at 500 req/s (heap after GC within 10% of the first minute)",
                    "no minute was measured", false);
            return;
        }
        long first = rows.getFirst().liveHeap();
        List<Long> later = rows.stream().skip(1).map(Minute::liveHeap).toList();
        boolean flat = flat(first, later, TOLERANCE);
        double deviation = maxDeviation(first, later);
        long lowest = later.stream().mapToLong(Long::longValue).min().orElse(first);
        long highest = later.stream().mapToLong(Long::longValue).max().orElse(first);
        String achieved = String.join(", ", rows.stream()
                .map(m -> String.format(Locale.ROOT, "%.0f", m.achievedPerSecond())).toList());
        double worstP99 = rows.stream().mapToDouble(Minute::p99Ms).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        String measured = String.format(Locale.ROOT, "live heap after GC: first minute %.0f MiB, later minutes %.0f to %.0f MiB "
                        + "(largest difference %s); %s; offered %d req/s, achieved per minute %s req/s; %d failed%s; "
                        + "worst minute p99 %.0f ms",
                JvmMemory.mib(first), JvmMemory.mib(lowest), JvmMemory.mib(highest),
                Double.isNaN(deviation) ? "none to compare" : String.format(Locale.ROOT, "%.1f%%", 100 * deviation),
                flat ? "flat within 10%" : "not flat within 10%", rate, achieved, result.failed(),
                result.failed() == 0 ? "" : " " + result.failures(), worstP99);
        boolean fullSize = minutes >= 10 && rate >= 500;
        report.verdict("memory flat over a 10-minute soak at 500 req/s (heap after GC within 10% of the first minute)"
                        + (fullSize ? "" : " (this run: " + minutes + " min at " + rate + " req/s, short of it)"),
                measured, fullSize && flat);
        StringBuilder md = new StringBuilder();
        md.append("Open loop at ").append(rate).append(" req/s offered for ").append(minutes)
                .append(" min on a gateway of its own; each minute, while the load goes on, the heap of this one JVM "
                        + "(broker, every service, mock, generator): `live`, the total of a class histogram of live "
                        + "objects (`GC.class_histogram`: a full collection, then a count in a pause of its own, which "
                        + "the minute after it also carries), which the verdict compares with the first minute's; and "
                        + "`after System.gc()`, the heap used right after a ZGC cycle, allocation during the cycle "
                        + "included. `achieved /s` is the answers "
                        + "completed within that minute; when it is below the offered rate the machine did not sustain "
                        + "it, and the rest waited in the generator's queue (their latency counts from their intended "
                        + "time).\n\n");
        md.append("| minute | seconds | offered /s | achieved /s | failed | p99 ms | live heap MiB | vs first "
                + "| after System.gc() MiB | CPU ours / others | load |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Minute m : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %s | %.0f | %.0f | %+.1f%% | %.0f | "
                            + "%.0f%% / %s | %.2f |\n", m.index(), m.seconds(), m.offeredPerSecond(), m.achievedPerSecond(),
                    m.failed() == 0 ? "0" : m.failed() + " " + m.failures(), m.p99Ms(), JvmMemory.mib(m.liveHeap()),
                    100.0 * (m.liveHeap() - first) / first, JvmMemory.mib(m.heapAfterGc()), m.cpuOurs(),
                    m.cpuOthers() < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", m.cpuOthers()), m.load()));
        }
        md.append('\n').append(drain);
        report.section("Soak: memory over time", md.toString());
    }
}
