package io.llmgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.load.ChatCompletionsTarget;
import io.llmgateway.bench.load.JvmMemory;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
    void aStreamCutShortCountsAsFailedAndWholeOnesHaveEveryChunk() {
        int tokens = 20;
        try (MockProviderServer cutting = MockProviderServer.onFreePort(MockBehavior.DEFAULT
                     .withResponse(SseScenario.answer(tokens)).cuttingNext(1, 5)).start();
             ChatCompletionsTarget target = new ChatCompletionsTarget(cutting.baseUrl(), null, "mock-echo",
                     ChatCompletionsTarget.Mode.SSE, 8).expectContentChunks(tokens)) {
            LoadResult result = OpenLoopLoad.run(LoadPlan.of("smoke sse cut", 100, Duration.ofMillis(30),
                    Duration.ZERO), target);

            assertThat(result.succeeded()).isEqualTo(2);
            assertThat(result.failed()).isEqualTo(1);
            assertThat(target.openStreams()).isZero();
        }
    }

    @Test
    void aStreamWithOtherThanTheExpectedChunksFails() {
        try (ChatCompletionsTarget target = new ChatCompletionsTarget(mock.baseUrl(), null, "mock-echo",
                ChatCompletionsTarget.Mode.SSE, 8).expectContentChunks(1000)) {
            LoadResult result = OpenLoopLoad.run(LoadPlan.of("smoke sse short", 100, Duration.ofMillis(20),
                    Duration.ZERO), target);

            assertThat(result.succeeded()).isZero();
            assertThat(result.failures()).containsOnlyKeys("stream cut short (fewer chunks)");
        }
    }

    @Test
    void intervalsOfARunAddUpToTheRun() {
        AtomicLong answered = new AtomicLong();
        AtomicLong lastOnes = new AtomicLong();
        try (ChatCompletionsTarget target = new ChatCompletionsTarget(mock.baseUrl(), null, "mock-echo",
                ChatCompletionsTarget.Mode.JSON, 8)) {
            LoadResult result = OpenLoopLoad.run(LoadPlan.of("smoke intervals", 100, Duration.ofMillis(400),
                    Duration.ZERO), target, Duration.ofMillis(100), interval -> {
                        answered.addAndGet(interval.succeeded());
                        if (interval.last()) {
                            lastOnes.incrementAndGet();
                        }
                    });

            assertThat(result.succeeded()).isEqualTo(40);
            assertThat(result.latency().getTotalCount()).isEqualTo(40);
            assertThat(answered.get()).isEqualTo(40);
            assertThat(lastOnes.get()).isEqualTo(1);
        }
    }

    @Test
    void theSoakVerdictComparesEveryLaterMinuteWithTheFirst() {
        assertThat(SoakScenario.flat(100, List.of(105L, 91L, 110L), 0.10)).isTrue();
        assertThat(SoakScenario.flat(100, List.of(105L, 111L), 0.10)).isFalse();
        assertThat(SoakScenario.flat(100, List.of(89L), 0.10)).isFalse();
        assertThat(SoakScenario.flat(100, List.of(), 0.10)).as("nothing to compare").isFalse();
        assertThat(SoakScenario.maxDeviation(200, List.of(210L, 170L))).isEqualTo(0.15);
    }

    @Test
    void theLiveHeapIsTheClassHistogramsTotal() {
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         12345        6789012  [B (java.base@25)
                Total        234567       98765432
                """;
        assertThat(JvmMemory.histogramTotal(histogram)).isEqualTo(98_765_432L);
        assertThat(JvmMemory.histogramTotal("no histogram")).isEqualTo(-1);
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
