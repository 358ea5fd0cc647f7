package io.llmgateway.bench;

import io.llmgateway.bench.report.MachineInfo;
import io.llmgateway.bench.report.SuiteReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.runner.RunnerException;

/**
 * {@code ./bench/run}: the standard suite on the machine at hand. Runs the JMH benchmarks in
 * forked JVMs, then starts its own broker, gateway and mock provider in this JVM
 * ({@link LoadSuite}) and measures, and writes the report; needs nothing running and leaves
 * nothing running.
 */
public final class BenchSuite {

    private BenchSuite() {}

    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(SuiteOptions.USAGE);
                return;
            }
            options = SuiteOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(SuiteOptions.USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.out());
        LogSetup.toFile(options.out().resolve("suite.log"), options.quietGatewayLogs());
        MachineInfo machine = MachineInfo.here();
        Progress.say("machine: " + machine.summary());
        SuiteReport report = new SuiteReport(machine);
        // JMH first: its forks talk to this JVM over Java serialization, which Helidon's JVM-wide
        // deserialization filter refuses once a web server has started here.
        if (options.jmh()) {
            Progress.say("JMH hot paths (forked JVMs)...");
            try {
                MicroBenchmarks.run(report, options.quick());
            } catch (RunnerException | RuntimeException e) {
                report.note("JMH failed: " + e);
                Progress.say("JMH failed: " + e);
            }
            report.write(options.out());
        }
        if (options.load()) {
            new LoadSuite(options, report).run();
        }
        Path markdown = report.write(options.out());
        Progress.say("report: " + markdown.toAbsolutePath());
        report.verdicts().forEach(v -> Progress.say((v.met() ? "MET   " : "MISSED") + "  " + v.target() + ": "
                + v.measured()));
        // Kafka's and Helidon's non-daemon threads are closed by now; exit anyway, in case one lingers.
        System.exit(0);
    }
}
