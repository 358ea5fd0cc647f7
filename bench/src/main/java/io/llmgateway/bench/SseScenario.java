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
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.testkit.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code sse}: many concurrent OpenAI streams ({@code "stream": true}) held open through the
 * ingress, with the mock provider generating 20 tokens a second, and this JVM's heap after a GC
 * while they are all open, against its heap with none open.
 *
 * <p>A gateway of its own on the suite's broker, with the router's and the provider bulkhead's
 * concurrency raised to the number of streams (at the default 512 the router would queue the rest:
 * not what is measured here), unless {@code --set} says otherwise. Streams open at
 * {@link #OPEN_RATE} a second (a ramp, open loop), each {@code --sse-tokens} long; once all are
 * open (or the first would close soon), the heap is measured; then every stream must end with
 * {@code [DONE]} and exactly the tokens the mock sent, one content chunk each, or it counts as
 * failed.
 */
final class SseScenario {

    /** Streams opened per second. The gateway admits a few hundred requests a second here. */
    static final int OPEN_RATE = 100;
    static final double TOKENS_PER_SECOND = 20;
    private static final long MIB = 1024 * 1024;
    private static final long TARGET_HEAP = 512 * MIB;
    private static final int TARGET_STREAMS = 1000;

    private final SuiteOptions options;
    private final SuiteReport report;

    SseScenario(SuiteOptions options, SuiteReport report) {
        this.options = options;
        this.report = report;
    }

    void run(EmbeddedKafka kafka) throws Exception {
        int streams = options.sseStreams();
        int tokens = options.sseTokens();
        Duration hold = Duration.ofMillis(Math.round(tokens * 1000 / TOKENS_PER_SECOND));
        Duration ramp = Duration.ofMillis(Math.max(10, streams * 1000L / OPEN_RATE));
        long maxFds = JvmMemory.maxFileDescriptors();
        // Per stream: the client's socket and the ingress's, the router's to the mock and the mock's.
        if (maxFds > 0 && maxFds < 4L * streams + 2000) {
            String warning = "sse: the file-descriptor limit (" + maxFds + ") is low for " + streams
                    + " streams (4 per stream with every end in this JVM, plus Kafka's): raise ulimit -n";
            Progress.say(warning);
            report.note(warning);
        }
        Map<String, String> overrides = new LinkedHashMap<>(options.overrides());
        String concurrency = Integer.toString(streams + 64);
        overrides.putIfAbsent("router/max_in_flight", concurrency);
        overrides.putIfAbsent("router/resilience/provider_limits/default/max_concurrent", concurrency);
        // One tenant holds every stream: the ingress's in-flight caps must let them all in.
        overrides.putIfAbsent("ingress/max_in_flight", concurrency);
        overrides.putIfAbsent("ingress/max_in_flight_per_tenant", concurrency);
        GatewayConfig config = LoadSuite.benchConfig(ConfigOverrides.load(options.config(), overrides));
        Progress.say("sse: a gateway with router.max_in_flight and the provider bulkhead at "
                + overrides.get("router/max_in_flight") + "; " + streams + " streams of " + tokens
                + " tokens at 20 tokens/s (" + hold.toSeconds() + " s each), opened at " + OPEN_RATE + "/s...");
        try (DevGateway gateway = DevGateway.start(config,
                new DevGateway.Options(kafka.bootstrapServers(), null, 0, 0), Clock.systemUTC());
             ChatCompletionsTarget json = new ChatCompletionsTarget(
                     "http://127.0.0.1:" + gateway.ingressPort() + "/v1", LoadSuite.API_KEY, LoadSuite.MODEL,
                     ChatCompletionsTarget.Mode.JSON, LoadSuite.PROMPT_WORDS);
             ChatCompletionsTarget sse = new ChatCompletionsTarget(
                     "http://127.0.0.1:" + gateway.ingressPort() + "/v1", LoadSuite.API_KEY, LoadSuite.MODEL,
                     ChatCompletionsTarget.Mode.SSE, LoadSuite.PROMPT_WORDS)) {
            MockProviderServer mock = gateway.mockProvider();
            MockBehavior instant = mock.behavior().withLatency(Duration.ZERO).withTokensPerSecond(0);
            mock.behave(instant);
            Duration warm = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
            OpenLoopLoad.run(new LoadPlan("warm-up sse gateway", 100, warm, Duration.ZERO,
                    LoadPlan.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30)), json);
            OpenLoopLoad.run(new LoadPlan("warm-up sse streams", 50, warm, Duration.ZERO,
                    LoadPlan.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30)), sse);
            Thread.sleep(1000);

            long fdsBefore = JvmMemory.openFileDescriptors();
            Heap baseline = Heap.now(options.out().resolve("sse-live-heap-none-open.txt"));
            Progress.say(String.format(Locale.ROOT, "  with no stream open: live heap %.0f MiB, heap after System.gc() "
                    + "%.0f MiB", JvmMemory.mib(baseline.live()), JvmMemory.mib(baseline.afterGc())));

            mock.behave(instant.withTokensPerSecond(TOKENS_PER_SECOND).withResponse(answer(tokens)));
            sse.expectContentChunks(tokens).requestTimeout(hold.plus(Duration.ofSeconds(120)));
            String name = "gateway SSE, " + streams + " streams of " + tokens + " tokens at 20 tokens/s";
            LoadPlan plan = new LoadPlan(name, OPEN_RATE, ramp, Duration.ZERO, streams + 16,
                    hold.plus(Duration.ofSeconds(120)));
            ExecutorService side = Executors.newSingleThreadExecutor();
            Held held;
            LoadResult result;
            try {
                long started = System.nanoTime();
                CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> OpenLoopLoad.run(plan, sse),
                        side);
                // Measure once all are open, or when the first streams are about to end, whichever first.
                long deadline = started + ramp.toNanos() + hold.toNanos() * 6 / 10;
                int peak = 0;
                while (!load.isDone() && System.nanoTime() < deadline) {
                    peak = Math.max(peak, sse.openStreams());
                    if (peak >= streams) {
                        break;
                    }
                    Thread.sleep(50);
                }
                held = measureHeld(sse, peak, (System.nanoTime() - started) / 1e9,
                        options.out().resolve("sse-live-heap-streams-open.txt"));
                Progress.say(String.format(Locale.ROOT, "  %d streams open (%d after the live count, %d after System.gc()),"
                                + " %d fds open: live heap %.0f MiB, after System.gc() %.0f MiB (with none: %.0f, %.0f MiB)",
                        held.openBefore(), held.openAfterLive(), held.openAfterGc(), held.fds(), JvmMemory.mib(held.heap().live()),
                        JvmMemory.mib(held.heap().afterGc()), JvmMemory.mib(baseline.live()),
                        JvmMemory.mib(baseline.afterGc())));
                while (!load.isDone()) {
                    held = held.peak(sse.openStreams());
                    Thread.sleep(50);
                }
                result = load.join();
            } finally {
                side.shutdownNow();
                mock.behave(instant);
            }
            Thread.sleep(1000);
            Heap after = Heap.now(options.out().resolve("sse-live-heap-after.txt"));
            long fdsAfter = JvmMemory.openFileDescriptors();
            report.add(result, MachineInfo.loadAverage());
            report.histogram(name + " time to first token", result.firstToken());
            LoadSuite.say(result);
            verdict(streams, tokens, result, baseline, held, after, new long[] {fdsBefore, held.fds(), fdsAfter});
        }
    }

    /**
     * The heap two ways: live objects (a class histogram, in a pause: what the verdict uses) and
     * used right after {@code System.gc()} (ZGC is concurrent: that also counts what the streams
     * allocated while it ran, so it is the higher, rougher figure).
     */
    record Heap(long live, long afterGc) {
        static Heap now() {
            long live = JvmMemory.liveHeap();
            return new Heap(live, JvmMemory.heapAfterGc());
        }

        /** As {@link #now()}, and the largest classes of the live histogram to {@code file}. */
        static Heap now(java.nio.file.Path file) {
            long live = liveTo(file);
            return new Heap(live, JvmMemory.heapAfterGc());
        }
    }

    /** Live bytes, with the histogram's largest classes (and its total) written to {@code file}. */
    static long liveTo(java.nio.file.Path file) {
        String histogram = JvmMemory.liveHistogram();
        long total = JvmMemory.histogramTotal(histogram);
        if (total <= 0) {
            return JvmMemory.liveHeap();
        }
        java.util.List<String> lines = histogram.lines().toList();
        java.util.List<String> top = new java.util.ArrayList<>(lines.subList(0, Math.min(lines.size(), 42)));
        top.add(lines.getLast());
        try {
            java.nio.file.Files.write(file, top);
        } catch (java.io.IOException e) {
            Progress.say("cannot write " + file + ": " + e);
        }
        return total;
    }

    /** What was open while the heap was measured. */
    private record Held(int openBefore, int openAfterLive, int openAfterGc, int peak, Heap heap, long fds,
                        double atSeconds) {
        /** Open all through the live count (the verdict's figure). */
        int open() {
            return Math.min(openBefore, openAfterLive);
        }

        Held peak(int now) {
            return now <= peak ? this : new Held(openBefore, openAfterLive, openAfterGc, now, heap, fds, atSeconds);
        }
    }

    /** The live count first: it is what the verdict uses, and the streams may start ending during a slow System.gc(). */
    private static Held measureHeld(ChatCompletionsTarget sse, int peak, double atSeconds, java.nio.file.Path file) {
        int before = sse.openStreams();
        long fds = JvmMemory.openFileDescriptors();
        long live = liveTo(file);
        int afterLive = sse.openStreams();
        long afterGc = JvmMemory.heapAfterGc();
        int afterBoth = sse.openStreams();
        return new Held(before, afterLive, afterBoth, Math.max(peak, Math.max(before, afterLive)),
                new Heap(live, afterGc), fds, atSeconds);
    }

    private void verdict(int streams, int tokens, LoadResult r, Heap baseline, Held held, Heap after, long[] fds) {
        double perStreamKib = held.open() > 0 ? (held.heap().live() - baseline.live()) / 1024.0 / held.open()
                : Double.NaN;
        String failures = r.failed() == 0 ? "none failed" : r.failed() + " failed " + r.failures();
        String measured = String.format(Locale.ROOT, "%d streams of %d tokens: %d open at once while the heap was "
                        + "measured (peak %d), %d complete, %s; live heap with them open %.0f MiB (whole JVM: broker, "
                        + "gateway, mock, generator, so an upper bound for the ingress; %.0f MiB right after System.gc()), "
                        + "with none open %.0f MiB (%+.1f KiB per open stream), after they ended %.0f MiB; time to "
                        + "first token p50 %s, p99 %s ms",
                streams, tokens, held.open(), held.peak(), r.succeeded(), failures, JvmMemory.mib(held.heap().live()),
                JvmMemory.mib(held.heap().afterGc()), JvmMemory.mib(baseline.live()), perStreamKib,
                JvmMemory.mib(after.live()), ms(r, 50), ms(r, 99));
        boolean met = streams >= TARGET_STREAMS && held.open() >= TARGET_STREAMS && r.failed() == 0
                && held.heap().live() <= TARGET_HEAP;
        report.verdict("SSE: 1,000 concurrent open streams (mock at 20 tokens/s) held by one ingress, heap <= 512 MB "
                + "(read as 512 MiB, as -Xmx512m)"
                + (streams < TARGET_STREAMS ? " (this run: " + streams + " streams, too few to meet it)" : ""),
                measured, met);
        StringBuilder md = new StringBuilder();
        md.append("Streams opened at ").append(OPEN_RATE).append("/s through the ingress (OpenAI SSE), each ")
                .append(tokens).append(" tokens from the mock at 20 tokens/s. The heap is this one JVM's, which also "
                        + "holds the broker, every service, the mock and the load generator with its client "
                        + "connections: an upper bound for the ingress. `live` is the total of a class histogram of live "
                        + "objects (`GC.class_histogram`: a full collection, then a count in a pause); `after "
                        + "System.gc()` is the heap used right after a ZGC cycle, which also counts what the open "
                        + "streams allocated while it ran. The verdict uses `live`.\n\n");
        md.append("| | value |\n|---|---|\n");
        row(md, "streams asked / complete / failed", streams + " / " + r.succeeded() + " / "
                + (r.failed() == 0 ? "0" : r.failed() + " " + r.failures()));
        row(md, "open at once: before / after the live count / after System.gc(); peak", held.openBefore() + " / "
                + held.openAfterLive() + " / " + held.openAfterGc() + "; " + held.peak());
        row(md, "measured at (s after the first stream was due)", String.format(Locale.ROOT, "%.1f", held.atSeconds()));
        row(md, "heap, none open: live / after System.gc() (MiB)", mib(baseline));
        row(md, "heap, streams open: live / after System.gc() (MiB)", mib(held.heap()));
        row(md, "live heap per open stream (KiB)", String.format(Locale.ROOT, "%.1f", perStreamKib));
        row(md, "heap, after they ended: live / after System.gc() (MiB)", mib(after));
        row(md, "file descriptors open: before / during / after (limit); idle keep-alive connections stay pooled after",
                fds[0] + " / " + fds[1] + " / " + fds[2] + " (" + JvmMemory.maxFileDescriptors() + ")");
        row(md, "time to first token p50 / p90 / p99 / max (ms)", ms(r, 50) + " / " + ms(r, 90) + " / " + ms(r, 99)
                + " / " + (r.firstToken().getTotalCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", r.firstToken().getMaxValue() / 1000.0)));
        row(md, "whole stream p50 / p99 (ms)", String.format(Locale.ROOT, "%.0f / %.0f", r.latencyMs(50),
                r.latencyMs(99)));
        md.append("\nFiles: `").append(slug(r.name())).append(".hgrm` (whole streams), `")
                .append(slug(r.name() + " time to first token")).append(".hgrm`; the largest classes of each live "
                        + "count: `sse-live-heap-none-open.txt`, `sse-live-heap-streams-open.txt`, "
                        + "`sse-live-heap-after.txt`.\n");
        report.section("SSE: concurrent open streams", md.toString());
    }

    /** An answer of exactly {@code tokens} mock tokens (a word and its blank each). */
    static String answer(int tokens) {
        return IntStream.range(0, tokens).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    private static String mib(Heap heap) {
        return String.format(Locale.ROOT, "%.0f / %.0f", JvmMemory.mib(heap.live()), JvmMemory.mib(heap.afterGc()));
    }

    private static String ms(LoadResult r, double percentile) {
        return r.firstToken().getTotalCount() == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f", r.firstToken().getValueAtPercentile(percentile) / 1000.0);
    }

    private static void row(StringBuilder md, String what, String value) {
        md.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
