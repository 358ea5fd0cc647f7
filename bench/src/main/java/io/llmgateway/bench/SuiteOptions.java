package io.llmgateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The suite's knobs, from the command line ({@code ./bench/run --help}).
 *
 * @param throughputRates offered rates of the throughput steps, ascending; stepping stops at the
 *     first rate the gateway does not sustain
 * @param sseStreams streams the {@code sse} scenario holds open at once
 * @param sseTokens tokens of each of those streams (at 20 tokens/s: how long each stays open)
 * @param soakMinutes length of the {@code soak} scenario
 * @param soakRate offered rate of the {@code soak} scenario
 * @param soakAsked whether the soak runs: named in {@code --only}, or {@code --soak-minutes} given
 *     (the default suite leaves it out: it would add ten minutes to it)
 */
public record SuiteOptions(Path config, Path out, Duration duration, Duration warmup, long mockLatencyMs,
                           int batchPrompts, List<Integer> throughputRates, boolean jmh, boolean load,
                           boolean quietGatewayLogs, boolean quick, java.util.Set<String> only,
                           java.util.Map<String, String> overrides, int sseStreams, int sseTokens,
                           int soakMinutes, int soakRate, boolean soakAsked) {

    public static final String USAGE = """
            ./bench/run [options]   runs the standard suite, writes bench/target/bench-report/
              --duration S          seconds each measured load run lasts (default 15)
              --warmup S            unrecorded seconds before each run (default 3)
              --mock-latency-ms N   the mock provider's latency for the "mock at N ms" run (default 50)
              --batch N             prompts of the batch run (default 20000)
              --rates A,B,...       throughput steps in req/s (default 250,500,1000,2000,3000,4000,5000)
              --config FILE         gateway config (default config/gateway.example.yaml)
              --out DIR             report directory (default bench/target/bench-report)
              --quiet-gateway-logs  gateway at WARN instead of its configured per-request INFO lines
              --quick               a short pass to check the harness (3 s runs, small batch, short JMH)
              --only A,B            only these load scenarios: latency, probe, high, slow-mock,
                                    batch, throughput, calibrate, eos-ab, sse, soak (default: all
                                    but soak)
              --sse-streams N       streams the sse scenario holds open at once (default 1000)
              --sse-tokens N        tokens per stream, at 20 tokens/s (default 600: 30 s open)
              --soak-minutes N      length of the soak (default 10); giving it adds the soak to the
                                    default suite
              --soak-rate N         offered req/s of the soak (default 500)
              --set PATH=VALUE      a config field set otherwise, path split on '/', e.g.
                                    --set accounting/streams/processing.guarantee=at_least_once
              --no-jmh | --jmh-only
            """;

    public static SuiteOptions parse(String... args) {
        Path config = Path.of("config/gateway.example.yaml");
        Path out = Path.of("bench/target/bench-report");
        long duration = 15;
        long warmup = 3;
        long mockLatency = 50;
        int batch = 20_000;
        List<Integer> rates = List.of(250, 500, 1000, 2000, 3000, 4000, 5000);
        boolean jmh = true;
        boolean load = true;
        boolean quiet = false;
        boolean quick = false;
        java.util.Set<String> only = java.util.Set.of();
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        int sseStreams = 1000;
        int sseTokens = 600;
        int soakMinutes = 10;
        int soakRate = 500;
        boolean soakMinutesGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--duration" -> duration = Long.parseLong(value(args, ++i, arg));
                case "--warmup" -> warmup = Long.parseLong(value(args, ++i, arg));
                case "--mock-latency-ms" -> mockLatency = Long.parseLong(value(args, ++i, arg));
                case "--batch" -> batch = Integer.parseInt(value(args, ++i, arg));
                case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::strip).map(Integer::parseInt).sorted().toList();
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--quiet-gateway-logs" -> quiet = true;
                case "--quick" -> quick = true;
                case "--set" -> {
                    String assignment = value(args, ++i, arg);
                    int eq = assignment.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--set needs PATH=VALUE, was '" + assignment + "'");
                    }
                    overrides.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                }
                case "--only" -> only = java.util.Set.of(value(args, ++i, arg).split(","));
                case "--sse-streams" -> sseStreams = positive(value(args, ++i, arg), arg);
                case "--sse-tokens" -> sseTokens = positive(value(args, ++i, arg), arg);
                case "--soak-minutes" -> {
                    soakMinutes = positive(value(args, ++i, arg), arg);
                    soakMinutesGiven = true;
                }
                case "--soak-rate" -> soakRate = positive(value(args, ++i, arg), arg);
                case "--no-jmh" -> jmh = false;
                case "--jmh-only" -> load = false;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (quick) {
            duration = Math.min(duration, 3);
            warmup = Math.min(warmup, 1);
            batch = Math.min(batch, 2000);
            rates = rates.stream().limit(2).toList();
            sseStreams = Math.min(sseStreams, 100);
            sseTokens = Math.min(sseTokens, 200);
        }
        boolean soakAsked = only.contains("soak") || soakMinutesGiven;
        return new SuiteOptions(config, out, Duration.ofSeconds(duration), Duration.ofSeconds(warmup), mockLatency,
                batch, rates, jmh, load, quiet, quick, only,
                java.util.Map.copyOf(overrides), sseStreams, sseTokens, soakMinutes, soakRate, soakAsked);
    }

    private static int positive(String text, String option) {
        int n = Integer.parseInt(text);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, was " + n);
        }
        return n;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
