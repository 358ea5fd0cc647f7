package io.llmgateway.bench;

import io.llmgateway.bench.batch.BatchDriver;
import io.llmgateway.bench.batch.BatchResult;
import io.llmgateway.bench.floor.KafkaFloor;
import io.llmgateway.bench.load.ChatCompletionsTarget;
import io.llmgateway.bench.load.CpuMeter;
import io.llmgateway.bench.load.LoadPlan;
import io.llmgateway.bench.load.LoadResult;
import io.llmgateway.bench.load.LoadTarget;
import io.llmgateway.bench.load.OpenLoopLoad;
import io.llmgateway.bench.probe.HopProbe;
import io.llmgateway.bench.report.MachineInfo;
import io.llmgateway.bench.report.SuiteReport;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.launcher.DevGateway;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.Topics;
import io.llmgateway.testkit.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load part of the suite, against one embedded KRaft broker in this JVM that the gateway
 * (every service, via {@link DevGateway}) and the floor share:
 * <ol>
 *   <li>warm-up of the gateway and the floor (JIT, connections, consumer groups);
 *   <li>latency at 200 req/s: floor, gateway, and the floor with an exactly-once first stage;
 *   <li>the gateway's Kafka path split by hop ({@link HopProbe}) at 50 req/s;
 *   <li>latency at 1,000 req/s: floor and gateway;
 *   <li>the gateway with the mock at a set latency (added latency = total - that latency);
 *   <li>interactive 100 req/s idle, then again while a batch job runs (batch throughput and lag);
 *   <li>throughput steps at rising rates until one is not sustained;
 *   <li>the load generator alone against a mock provider of its own at 4,000 req/s (calibration);
 *   <li>after that gateway stopped, each on a gateway of its own on the same broker: many
 *       concurrent SSE streams held open, with the heap after GC ({@link SseScenario}); the
 *       admission app at exactly-once and at at-least-once, alternated twice (what exactly-once
 *       costs); when asked for, a soak at a fixed rate with the heap after GC each minute
 *       ({@link SoakScenario}).
 * </ol>
 * Runs alternate floor and gateway at each rate, so that both see the same machine noise.
 */
final class LoadSuite {

    static final String API_KEY = ConfigOverrides.BENCH_KEY;
    static final String TENANT = ConfigOverrides.BENCH_TENANT;
    static final String MODEL = "gpt-4o-mini";
    static final int PROMPT_WORDS = 32;
    private static final int LOW_RATE = 200;
    private static final int HIGH_RATE = 1000;
    private static final int PROBE_RATE = 50;
    private static final int INTERACTIVE_RATE = 100;

    private final SuiteOptions options;
    private final SuiteReport report;

    LoadSuite(SuiteOptions options, SuiteReport report) {
        this.options = options;
        this.report = report;
    }

    /** The scenarios that run on the suite's main gateway (the others start gateways of their own). */
    private static final List<String> MAIN_SCENARIOS = List.of("latency", "probe", "high", "slow-mock", "batch",
            "throughput", "calibrate");

    void run() throws Exception {
        Progress.say("starting the embedded Kafka broker...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null)) {
            if (MAIN_SCENARIOS.stream().anyMatch(this::wanted)) {
                mainGateway(kafka);
            }
            if (wanted("sse")) {
                new SseScenario(options, report).run(kafka);
            }
            if (wanted("eos-ab")) {
                exactlyOnceAb(kafka);
            }
            if (options.soakAsked() && wanted("soak")) {
                new SoakScenario(options, report).run(kafka);
            }
            Progress.say("stopping the broker...");
        }
    }

    private void mainGateway(EmbeddedKafka kafka) throws Exception {
        GatewayConfig config = benchConfig(ConfigOverrides.load(options.config(), options.overrides()));
        Progress.say("starting the gateway (mock provider at 0 ms)...");
        try (DevGateway gateway = DevGateway.start(config,
                new DevGateway.Options(kafka.bootstrapServers(), null, 0, 0), Clock.systemUTC())) {
            MockProviderServer mock = gateway.mockProvider();
            MockBehavior instant = mock.behavior().withLatency(Duration.ZERO);
            mock.behave(instant);
            String run = UUID.randomUUID().toString().substring(0, 8);
            byte[] payload = Topics.REQUESTS.valueSerde().serializer().serialize("x", sampleRequest(config));
            try (ChatCompletionsTarget http = new ChatCompletionsTarget(
                         "http://127.0.0.1:" + gateway.ingressPort() + "/v1", API_KEY, MODEL,
                         ChatCompletionsTarget.Mode.JSON, PROMPT_WORDS);
                 KafkaFloor floor = KafkaFloor.start("bare Kafka floor: 4 hops, 3 plain stages",
                         gateway.config().kafka(), "bench.floor." + run, false, TENANT, payload);
                 KafkaFloor floorEos = KafkaFloor.start("bare Kafka floor, first stage transactional",
                         gateway.config().kafka(), "bench.floor-eos." + run, true, TENANT, payload)) {
                scenarios(gateway, mock, instant, http, floor, floorEos);
            }
            Progress.say("stopping the gateway...");
        }
    }

    /**
     * The same gateway with its admission app at exactly-once and at at-least-once, alternated
     * twice on the same broker, so that both see the same machine: what exactly-once costs.
     */
    private void exactlyOnceAb(EmbeddedKafka kafka) throws Exception {
        String guarantee = "accounting/streams/processing.guarantee";
        java.util.Map<String, java.util.Map<String, String>> variants = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> eos = new java.util.LinkedHashMap<>(options.overrides());
        eos.put(guarantee, "exactly_once_v2");
        java.util.Map<String, String> alos = new java.util.LinkedHashMap<>(options.overrides());
        alos.put(guarantee, "at_least_once");
        variants.put("exactly-once", eos);
        variants.put("at-least-once", alos);
        Duration warm = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
        for (int round = 1; round <= 2; round++) {
            for (var variant : variants.entrySet()) {
                Progress.say("A/B round " + round + ": admission " + variant.getKey() + "...");
                GatewayConfig config = benchConfig(ConfigOverrides.load(options.config(), variant.getValue()));
                try (DevGateway gateway = DevGateway.start(config,
                        new DevGateway.Options(kafka.bootstrapServers(), null, 0, 0), Clock.systemUTC());
                     ChatCompletionsTarget http = new ChatCompletionsTarget(
                             "http://127.0.0.1:" + gateway.ingressPort() + "/v1", API_KEY, MODEL,
                             ChatCompletionsTarget.Mode.JSON, PROMPT_WORDS)) {
                    gateway.mockProvider().behave(gateway.mockProvider().behavior().withLatency(Duration.ZERO));
                    OpenLoopLoad.run(new LoadPlan("warm-up", 300, warm, Duration.ZERO, LoadPlan.DEFAULT_MAX_IN_FLIGHT,
                            Duration.ofSeconds(30)), http);
                    measure("A/B " + variant.getKey() + " " + LOW_RATE + "/s, round " + round, LOW_RATE, http);
                    measure("A/B " + variant.getKey() + " " + HIGH_RATE + "/s, round " + round, HIGH_RATE, http);
                }
            }
        }
    }

    private void scenarios(DevGateway gateway, MockProviderServer mock, MockBehavior instant, LoadTarget http,
                           KafkaFloor floor, KafkaFloor floorEos) throws Exception {
        // Before the warm-up: after it, the pipeline may still be working off its backlog.
        idleCpu(Duration.ofSeconds(options.quick() ? 3 : 10));
        Duration warm = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        Progress.say("warm-up (" + warm.toSeconds() + " s each, not recorded)...");
        OpenLoopLoad.run(new LoadPlan("warm-up gateway", 300, warm, Duration.ZERO, LoadPlan.DEFAULT_MAX_IN_FLIGHT,
                Duration.ofSeconds(30)),
                http);
        OpenLoopLoad.run(new LoadPlan("warm-up floor", 300, warm, Duration.ZERO, LoadPlan.DEFAULT_MAX_IN_FLIGHT,
                Duration.ofSeconds(30)),
                floor);

        LoadResult floor200 = null;
        LoadResult gateway200 = null;
        if (wanted("latency")) {
            floor200 = measure("floor " + LOW_RATE + "/s", LOW_RATE, floor);
            gateway200 = measure("gateway " + LOW_RATE + "/s", LOW_RATE, http);
            floorEos.stagesSinceLastCall(); // forget the warm-up
            LoadResult floorEos200 = measure("floor, EOS stage " + LOW_RATE + "/s", LOW_RATE, floorEos);
            floorEos.stagesSinceLastCall().forEach(stage -> report.note("floor with an EOS stage at " + LOW_RATE
                    + "/s, " + stage));
            report.plot(floor200.name());
            report.plot(gateway200.name());
            report.plot(floorEos200.name());
            verdictAt200(floor200, gateway200);
        }
        if (wanted("probe")) {
            try (HopProbe probe = new HopProbe(gateway.config(),
                    gateway.config().topics().repliesTopic(gateway.config().ingress().instanceId()).name()).start()) {
                measure("gateway " + PROBE_RATE + "/s (hop probe)", PROBE_RATE, http);
                Thread.sleep(500); // the last replies reach the probe
                report.hops("at " + PROBE_RATE + " req/s", probe.hops());
            }
        }
        if (wanted("high")) {
            LoadResult floor1000 = measure("floor " + HIGH_RATE + "/s", HIGH_RATE, floor);
            LoadResult gateway1000 = measure("gateway " + HIGH_RATE + "/s", HIGH_RATE, http);
            report.plot(floor1000.name());
            report.plot(gateway1000.name());
            verdictAt1000(floor1000, gateway1000);
        }
        // The floors' runs are done: idle, their consumers and commits would still take CPU from
        // every gateway run after this one.
        floor.close();
        floorEos.close();
        if (wanted("slow-mock")) {
            long latencyMs = options.mockLatencyMs();
            mock.behave(instant.withLatency(Duration.ofMillis(latencyMs)));
            LoadResult slowMock = measure("gateway " + LOW_RATE + "/s, mock " + latencyMs + " ms", LOW_RATE, http);
            mock.behave(instant);
            report.plot(slowMock.name());
            if (floor200 != null) {
                verdictSlowMock(floor200, slowMock, latencyMs);
            }
        }
        if (wanted("batch")) {
            LoadResult idle = measure("gateway " + INTERACTIVE_RATE + "/s idle", INTERACTIVE_RATE, http);
            BatchOutcome batch = batchWithInteractive(gateway.config(), http,
                    ConfigOverrides.benchBatchKey(gateway.secrets()));
            verdictBatch(batch, idle);
        }
        if (wanted("throughput")) {
            verdictThroughput(throughputSteps(http));
        }
        if (wanted("calibrate")) {
            calibrate();
        }
    }

    private boolean wanted(String scenario) {
        return options.only().isEmpty() || options.only().contains(scenario);
    }

    /**
     * The load generator alone against a mock provider of its own (never the gateway's: an
     * overload here must not break the runs after it), at the throughput target: shows the rate
     * where the generator and one Helidon server stop, on this machine.
     */
    private void calibrate() {
        int rate = 4000;
        try (MockProviderServer own = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
             ChatCompletionsTarget direct = new ChatCompletionsTarget(own.baseUrl(), null, "mock-echo",
                     ChatCompletionsTarget.Mode.JSON, PROMPT_WORDS)) {
            measure("client -> mock directly " + rate + "/s", rate, direct);
        }
    }

    /** What the gateway, the broker and the idle floors cost with no request at all: polls, commits, timers. */
    private void idleCpu(Duration duration) throws InterruptedException {
        CpuMeter meter = CpuMeter.start();
        Thread.sleep(duration);
        CpuMeter.Usage idle = meter.stop();
        String line = String.format(Locale.ROOT, "idle (no requests, %d s): this JVM used %.0f%% of all cores, "
                + "the rest of the machine %.0f%%", duration.toSeconds(), idle.processPercent(), idle.othersPercent());
        report.note(line);
        Progress.say(line);
    }

    private record BatchOutcome(BatchResult batch, LoadResult interactive) {}

    /** The batch job runs while interactive traffic keeps its rate; both are reported. */
    private BatchOutcome batchWithInteractive(GatewayConfig config, LoadTarget http, String batchKey)
            throws Exception {
        Progress.say("batch of " + options.batchPrompts() + " prompts, with " + INTERACTIVE_RATE
                + " req/s interactive alongside...");
        ExecutorService side = Executors.newSingleThreadExecutor();
        try {
            String name = "gateway " + INTERACTIVE_RATE + "/s during batch";
            CompletableFuture<LoadResult> interactive = CompletableFuture.supplyAsync(() -> OpenLoopLoad.run(
                    new LoadPlan(name, INTERACTIVE_RATE, options.duration(), Duration.ZERO, LoadPlan.DEFAULT_MAX_IN_FLIGHT,
                            Duration.ofSeconds(60)), http), side);
            Duration timeout = Duration.ofSeconds(60 + options.batchPrompts() / 500);
            BatchResult batch;
            try (HopProbe probe = new HopProbe(config,
                    config.topics().repliesTopic(config.ingress().instanceId()).name()).start()) {
                batch = new BatchDriver(config, TENANT, ConfigOverrides.BENCH_KEY_ID, MODEL, batchKey).run(options.batchPrompts(), timeout);
                report.hops("interactive requests during the batch", probe.hops());
            }
            LoadResult during = interactive.join();
            report.add(batch);
            report.add(during, MachineInfo.loadAverage());
            report.plot(during.name());
            Progress.say(String.format(Locale.ROOT, "  batch: %d answered, %s errors, %d unanswered, %.0f results/s, "
                            + "lag p50 %.0f ms", batch.answered(), batch.errors(), batch.unanswered(),
                    batch.resultsPerSecond(), batch.lag().getValueAtPercentile(50) / 1000.0));
            say(during);
            return new BatchOutcome(batch, during);
        } finally {
            side.shutdownNow();
        }
    }

    /** Rising rates, until one is not sustained (errors, or fewer answers than offered). */
    private List<LoadResult> throughputSteps(LoadTarget http) throws InterruptedException {
        List<LoadResult> steps = new java.util.ArrayList<>();
        Duration stepDuration = options.duration().compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                : options.duration();
        for (int rate : options.throughputRates()) {
            Thread.sleep(2000); // let the previous step's stragglers clear
            Progress.say("throughput step " + rate + " req/s...");
            LoadResult step = OpenLoopLoad.run(new LoadPlan("gateway " + rate + "/s (throughput)", rate, stepDuration,
                    Duration.ofSeconds(2), LoadPlan.DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(30)), http);
            report.add(step, MachineInfo.loadAverage());
            say(step);
            steps.add(step);
            if (!sustained(step)) {
                break;
            }
        }
        return steps;
    }

    static boolean sustained(LoadResult step) {
        return step.failed() == 0 && step.achievedPerSecond() >= 0.95 * step.offeredPerSecond();
    }

    private void verdictAt200(LoadResult floor200, LoadResult gateway200) {
        double p50Ratio = gateway200.latencyMs(50) / floor200.latencyMs(50);
        double p99Ratio = gateway200.latencyMs(99) / floor200.latencyMs(99);
        report.verdict("added latency at 200 req/s (mock 0 ms): p50 and p99 within 1.3x of the floor's",
                String.format(Locale.ROOT, "p50 %.2f vs floor %.2f ms (%.2fx); p99 %.2f vs %.2f ms (%.2fx)",
                        gateway200.latencyMs(50), floor200.latencyMs(50), p50Ratio, gateway200.latencyMs(99),
                        floor200.latencyMs(99), p99Ratio),
                gateway200.failed() == 0 && p50Ratio <= 1.3 && p99Ratio <= 1.3);
    }

    private void verdictSlowMock(LoadResult floor200, LoadResult slowMock, long mockLatencyMs) {
        double addedP50 = slowMock.latencyMs(50) - mockLatencyMs;
        double addedP99 = slowMock.latencyMs(99) - mockLatencyMs;
        report.verdict("added latency at 200 req/s with the mock at " + mockLatencyMs
                        + " ms (total - mock): within 1.3x of the floor's",
                String.format(Locale.ROOT, "p50 %.2f ms (%.2fx), p99 %.2f ms (%.2fx)", addedP50,
                        addedP50 / floor200.latencyMs(50), addedP99, addedP99 / floor200.latencyMs(99)),
                slowMock.failed() == 0 && addedP50 <= 1.3 * floor200.latencyMs(50)
                        && addedP99 <= 1.3 * floor200.latencyMs(99));
    }

    private void verdictAt1000(LoadResult floor1000, LoadResult gateway1000) {
        report.verdict("1,000 req/s: p99 <= 50 ms, no errors",
                String.format(Locale.ROOT, "p99 %.2f ms, %d failed (floor p99 %.2f ms)", gateway1000.latencyMs(99),
                        gateway1000.failed(), floor1000.latencyMs(99)),
                gateway1000.failed() == 0 && gateway1000.latencyMs(99) <= 50);
    }

    private void verdictThroughput(List<LoadResult> steps) {
        double best = steps.stream().filter(LoadSuite::sustained).mapToDouble(LoadResult::achievedPerSecond).max()
                .orElse(0);
        LoadResult last = steps.isEmpty() ? null : steps.getLast();
        report.verdict("sync throughput, non-streaming, mock 0 ms: >= 4,000 req/s, no errors",
                String.format(Locale.ROOT, "%.0f req/s sustained%s", best, last == null || sustained(last) ? ""
                        : String.format(Locale.ROOT, "; at %.0f offered: %.0f achieved, %d failed, p99 %.0f ms",
                        last.offeredPerSecond(), last.achievedPerSecond(), last.failed(), last.latencyMs(99))),
                best >= 4000);
    }

    private void verdictBatch(BatchOutcome batch, LoadResult idle100) {
        BatchResult b = batch.batch();
        report.verdict("batch: >= 10,000 prompts/s topic to result topic (mock 0 ms)",
                String.format(Locale.ROOT, "%.0f prompts/s (%d prompts, %d errors, %d unanswered)",
                        b.resultsPerSecond(), b.prompts(), b.errors().values().stream().mapToLong(Long::longValue)
                                .sum(), b.unanswered()),
                b.resultsPerSecond() >= 10_000 && b.unanswered() == 0 && b.errors().isEmpty());
        LoadResult during = batch.interactive();
        report.verdict("interactive p99 at 100 req/s during the batch: within 2x of idle",
                String.format(Locale.ROOT, "p99 %.2f ms vs idle %.2f ms (%.2fx), %d failed", during.latencyMs(99),
                        idle100.latencyMs(99), during.latencyMs(99) / idle100.latencyMs(99), during.failed()),
                during.failed() == 0 && during.latencyMs(99) <= 2 * idle100.latencyMs(99));
    }

    private LoadResult measure(String name, double rate, LoadTarget target) {
        Progress.say("run " + name + " (" + options.duration().toSeconds() + " s)...");
        LoadResult result = OpenLoopLoad.run(LoadPlan.of(name, rate, options.duration(), options.warmup()), target);
        report.add(result, MachineInfo.loadAverage());
        say(result);
        return result;
    }

    static void say(LoadResult r) {
        Progress.say(String.format(Locale.ROOT, "  %s: %.0f/s achieved, %d ok, %d failed %s, p50 %.2f p99 %.2f "
                        + "max %.2f ms", r.name(), r.achievedPerSecond(), r.succeeded(), r.failed(),
                r.failures().isEmpty() ? "" : r.failures(), r.latencyMs(50), r.latencyMs(99),
                r.latency().getMaxValue() / 1000.0));
    }

    /**
     * The config as given, with a known reply topic (for the probe) and HTTP on loopback only. The
     * bench has one tenant: its in-flight cap is the instance's, so the load measures the gateway,
     * not the per-tenant share.
     */
    static GatewayConfig benchConfig(GatewayConfig config) {
        IngressSettings ingress = config.ingress();
        return config.withIngress(new IngressSettings("127.0.0.1", ingress.port(),
                "bench-" + UUID.randomUUID().toString().substring(0, 8), ingress.maxBodyBytes(),
                ingress.requestTimeout(), ingress.signingKeyEnv(), ingress.maxInFlight(), ingress.maxInFlight(),
                ingress.requestBounds(), ingress.publishTimeout()));
    }

    /** A request as the ingress would publish it for the suite's prompts: the floor sends values of this size. */
    private static GatewayRequest sampleRequest(GatewayConfig config) {
        long now = System.currentTimeMillis();
        String prompt = "Benchmark request 123456:" + " please summarise".repeat(PROMPT_WORDS / 2);
        return new GatewayRequest(UUID.randomUUID().toString(), TENANT, "default", ConfigOverrides.BENCH_KEY_ID, MODEL,
                List.of(ChatMessage.system("Be brief."), ChatMessage.user(prompt)), SamplingParams.DEFAULTS, false,
                config.topics().repliesTopic("bench-ingress-00000000").name(), now, now + 60_000,
                Priority.INTERACTIVE, CachePolicy.DEFAULT, null, 40, null);
    }
}
