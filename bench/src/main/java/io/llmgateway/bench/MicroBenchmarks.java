package io.llmgateway.bench;

import io.llmgateway.bench.report.SuiteReport;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every JMH benchmark of {@code io.llmgateway.bench.jmh} in a forked JVM and reports the scores. */
final class MicroBenchmarks {

    private MicroBenchmarks() {}

    static void run(SuiteReport report, boolean quick) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("io\\.llmgateway\\.bench\\.jmh\\..*")
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 3)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx1g")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult result : results) {
            var params = result.getParams();
            String name = params.getBenchmark().replace("io.llmgateway.bench.jmh.", "");
            String args = params.getParamsKeys().stream().map(k -> k + "=" + params.getParam(k))
                    .reduce((a, b) -> a + "," + b).map(p -> " (" + p + ")").orElse("");
            var primary = result.getPrimaryResult();
            report.add(new SuiteReport.Micro(name + args, params.getMode().shortLabel(), primary.getScore(),
                    primary.getScoreError(), primary.getScoreUnit()));
        }
    }
}
