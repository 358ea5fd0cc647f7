package io.llmgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.load.ChatCompletionsTarget;
import io.llmgateway.bench.load.LoadPlan;
import io.llmgateway.bench.load.LoadResult;
import io.llmgateway.bench.load.OpenLoopLoad;
import io.llmgateway.bench.report.MachineInfo;
import io.llmgateway.bench.report.SuiteReport;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness works, in a second or two: the open-loop generator drives the mock provider over
 * HTTP (JSON and SSE) and the report is written. The real suite is {@code ./bench/run}, never
 * part of {@code ./mvnw verify}.
 */
class HarnessSmokeTest {

    private static MockProviderServer mock;

    @BeforeAll
    static void startMock() {
        mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @Test
    void anOpenLoopRunAnswersEveryRequestAndMeasuresFromTheIntendedSendTime() {
        try (ChatCompletionsTarget target = new ChatCompletionsTarget(mock.baseUrl(), null, "mock-echo",
                ChatCompletionsTarget.Mode.JSON, 8)) {
            LoadResult result = OpenLoopLoad.run(LoadPlan.of("smoke json", 100, Duration.ofMillis(500),
                    Duration.ZERO), target);

            assertThat(result.failures()).isEmpty();
            assertThat(result.succeeded()).isEqualTo(50);
            assertThat(result.latency().getTotalCount()).isEqualTo(50);
            // From the intended time, never less than from the actual send.
            assertThat(result.latency().getMaxValue()).isGreaterThanOrEqualTo(result.serviceTime().getMinValue());
            assertThat(result.firstToken().getTotalCount()).isZero();
        }
    }

    @Test
    void streamedAnswersAlsoTimeTheFirstToken() {
        try (ChatCompletionsTarget target = new ChatCompletionsTarget(mock.baseUrl(), null, "mock-echo",
                ChatCompletionsTarget.Mode.SSE, 8)) {
            LoadResult result = OpenLoopLoad.run(LoadPlan.of("smoke sse", 100, Duration.ofMillis(300),
                    Duration.ZERO), target);

            assertThat(result.failures()).isEmpty();
            assertThat(result.firstToken().getTotalCount()).isEqualTo(30);
        }
    }

    @Test
    void theReportHasTheTableThePercentileFileAndThePlot(@TempDir Path dir) throws Exception {
        LoadResult result;
        try (ChatCompletionsTarget target = new ChatCompletionsTarget(mock.baseUrl(), null, "mock-echo",
                ChatCompletionsTarget.Mode.JSON, 8)) {
            result = OpenLoopLoad.run(LoadPlan.of("smoke report", 50, Duration.ofMillis(200), Duration.ZERO),
                    target);
        }
        SuiteReport report = new SuiteReport(MachineInfo.here());
        report.add(result, MachineInfo.loadAverage());

        Path markdown = report.write(dir);

        assertThat(Files.readString(markdown)).contains("| smoke report | 50 |").contains("cores");
        assertThat(Files.readString(dir.resolve("smoke-report.hgrm"))).contains("Percentile");
        assertThat(Files.size(dir.resolve("latency.png"))).isPositive();
    }
}
