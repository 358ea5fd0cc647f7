package io.llmgateway.bench.report;

import io.llmgateway.bench.batch.BatchResult;
import io.llmgateway.bench.load.LoadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Collects a suite run's figures and writes them under one directory: {@code report.md}
 * (Markdown tables), one {@code .hgrm} percentile file per load run (milliseconds) and a PNG of
 * the latency curves.
 */
public final class SuiteReport {

    /** A load run with the system load average around it (other work on a shared machine). */
    private record Run(LoadResult result, double loadAfter) {}

    /** One JMH figure. */
    public record Micro(String benchmark, String mode, double score, double error, String unit) {}

    /** A target of the issue, what was measured, and whether it holds. */
    public record Verdict(String target, String measured, boolean met) {}

    private final MachineInfo machine;
    private final Instant started = Instant.now();
    private final List<Run> runs = new ArrayList<>();
    private final List<BatchResult> batches = new ArrayList<>();
    private final Map<String, Map<String, Histogram>> hopTables = new LinkedHashMap<>();
    private final List<Micro> micros = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> plotted = new ArrayList<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();
    private final Map<String, String> sections = new LinkedHashMap<>();

    public SuiteReport(MachineInfo machine) {
        this.machine = machine;
    }

    public void add(LoadResult result, double loadAfter) {
        runs.add(new Run(result, loadAfter));
    }

    public void add(BatchResult batch) {
        batches.add(batch);
    }

    /** A per-hop split of the Kafka path (see HopProbe), under a title saying what load it was taken at. */
    public void hops(String title, Map<String, Histogram> perHop) {
        hopTables.put(title, perHop);
    }

    public void add(Micro micro) {
        micros.add(micro);
    }

    public void verdict(String target, String measured, boolean met) {
        verdicts.add(new Verdict(target, measured, met));
    }

    public void note(String note) {
        notes.add(note);
    }

    /** Which load runs the PNG draws (by name); all when none is named. */
    public void plot(String runName) {
        plotted.add(runName);
    }

    /** One more {@code <slug of name>.hgrm} file (microseconds in, milliseconds out), e.g. a run's time to first token. */
    public void histogram(String name, Histogram micros) {
        histograms.put(name, micros);
    }

    /** A section of its own in {@code report.md}, after the runs: a title and Markdown (a table, a few lines). */
    public void section(String title, String markdown) {
        sections.put(title, markdown);
    }

    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Histogram> curves = new LinkedHashMap<>();
        for (Run run : runs) {
            writeHgrm(run.result().latency(), dir.resolve(slug(run.result().name()) + ".hgrm"));
            if (plotted.isEmpty() || plotted.contains(run.result().name())) {
                curves.put(run.result().name(), run.result().latency());
            }
        }
        for (var h : histograms.entrySet()) {
            writeHgrm(h.getValue(), dir.resolve(slug(h.getKey()) + ".hgrm"));
        }
        LatencyPlot.write("Latency by percentile, from intended send time (open loop)", curves,
                dir.resolve("latency.png"));
        Path markdown = dir.resolve("report.md");
        Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
        return markdown;
    }

    private static void writeHgrm(Histogram micros, Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            micros.outputPercentileDistribution(out, 1000.0); // values in milliseconds
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark report\n\n");
        md.append("Run started ").append(started).append(".\n\n");
        md.append("**Machine:** ").append(machine.summary()).append("\n\n");
        md.append("JVM arguments: `").append(machine.jvmArgs()).append("`\n\n");
        if (!verdicts.isEmpty()) {
            md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
            for (Verdict v : verdicts) {
                md.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ")
                        .append(v.met() ? "yes" : "**no**").append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Open-loop runs\n\nLatency in ms from each request's intended send time to its whole answer "
                + "(coordinated omission corrected). `CPU ours / others` is the share of all cores this JVM "
                + "(gateway, broker, load generator) and everything else on the machine used during the run; "
                + "`load` is the 1-minute load average at its end (2 cores: above 2, threads queue for a core).\n\n");
        md.append("| run | offered /s | achieved /s | ok | failed | p50 | p90 | p99 | p99.9 | max | CPU ours / others | load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            LoadResult r = run.result();
            md.append("| ").append(r.name()).append(" | ").append(fmt0(r.offeredPerSecond())).append(" | ")
                    .append(fmt0(r.achievedPerSecond())).append(" | ").append(r.succeeded()).append(" | ")
                    .append(r.failed() == 0 ? "0" : r.failed() + " " + r.failures()).append(" | ")
                    .append(ms(r.latency(), 50)).append(" | ").append(ms(r.latency(), 90)).append(" | ")
                    .append(ms(r.latency(), 99)).append(" | ").append(ms(r.latency(), 99.9)).append(" | ")
                    .append(r.latency().getTotalCount() == 0 ? "-" : fmt2(r.latency().getMaxValue() / 1000.0))
                    .append(" | ").append(fmt0(run.result().cpu().processPercent())).append("% / ")
                    .append(run.result().cpu().othersPercent() < 0 ? "?" : fmt0(run.result().cpu().othersPercent()) + "%")
                    .append(" | ").append(fmt2(run.loadAfter())).append(" |\n");
        }
        md.append("\nWhat each run drove:\n\n");
        for (Run run : runs) {
            md.append("- ").append(run.result().name()).append(": ").append(run.result().target())
                    .append("; generator send lag p99 ").append(ms(run.result().sendLag(), 99)).append(" ms");
            if (run.result().firstToken().getTotalCount() > 0) {
                md.append("; time to first token p50 ").append(ms(run.result().firstToken(), 50)).append(" ms");
            }
            md.append('\n');
        }
        sections.forEach((title, body) -> md.append("\n## ").append(title).append("\n\n").append(body)
                .append(body.endsWith("\n") ? "" : "\n"));
        if (!batches.isEmpty()) {
            md.append("\n## Batch (prompts produced to the requests topic, results read from the job's topic)\n\n");
            md.append("| prompts | answered | errors | unanswered | produced /s | results /s | seconds | lag p50 ms"
                    + " | lag p99 ms |\n|---|---|---|---|---|---|---|---|---|\n");
            for (BatchResult b : batches) {
                md.append("| ").append(b.prompts()).append(" | ").append(b.answered()).append(" | ")
                        .append(b.errors().isEmpty() ? "0" : b.errors().toString()).append(" | ")
                        .append(b.unanswered()).append(" | ").append(fmt0(b.producedPerSecond())).append(" | ")
                        .append(fmt0(b.resultsPerSecond())).append(" | ").append(fmt2(b.seconds())).append(" | ")
                        .append(ms(b.lag(), 50)).append(" | ").append(ms(b.lag(), 99)).append(" |\n");
                if (!b.missing().isEmpty()) {
                    md.append("\nUnanswered request ids (first few): ").append(b.missing()).append("\n");
                }
            }
        }
        hopTables.forEach((title, hops) -> {
            md.append("\n## Where the time goes: the gateway's Kafka path by hop (ms), ").append(title).append("\n\n");
            md.append("| hop | requests | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
            hops.forEach((hop, h) -> md.append("| ").append(hop).append(" | ").append(h.getTotalCount()).append(" | ")
                    .append(plain(h, 50)).append(" | ").append(plain(h, 90)).append(" | ").append(plain(h, 99))
                    .append(" | ").append(h.getTotalCount() == 0 ? "-" : h.getMaxValue()).append(" |\n"));
        });
        if (!micros.isEmpty()) {
            md.append("\n## Hot paths (JMH)\n\n| benchmark | mode | score | error | unit |\n|---|---|---|---|---|\n");
            for (Micro m : micros) {
                md.append("| ").append(m.benchmark()).append(" | ").append(m.mode()).append(" | ")
                        .append(fmt2(m.score())).append(" | ").append(fmt2(m.error())).append(" | ")
                        .append(m.unit()).append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        md.append("\nFiles: `report.md`, `latency.png`, one `<run>.hgrm` per run (percentiles in ms).\n");
        return md.toString();
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String ms(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? "-" : fmt2(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    private static String plain(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : String.valueOf(h.getValueAtPercentile(percentile));
    }

    static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
