package io.llmgateway.bench.jmh;

import io.llmgateway.common.config.TracingSettings;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What tracing costs a stage with the exporter off (the default), per record: the span opened
 * from the record's {@code traceparent} header (or a new trace), the request's attributes, the
 * headers of the record it forwards, the span closed (MDC set and cleared). {@code caller}: no
 * context, a caller's trace not sampled (its span is an id), or sampled (recorded, then dropped).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TraceStageBenchmark {

    @Param({"none", "unsampled", "sampled"})
    public String caller;

    private final Tracing tracing = Tracing.create(TracingSettings.DEFAULTS, "bench");
    private GatewayRequest request;
    private Headers inbound;

    @Setup
    public void setUp() {
        request = Samples.request(Samples.SHORT_PROMPT);
        inbound = new RecordHeaders();
        if (!caller.equals("none")) {
            String flags = caller.equals("sampled") ? "01" : "00";
            inbound.add(Tracing.TRACEPARENT, ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-" + flags)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public Headers stage() {
        try (Stage stage = tracing.recordStage("cache lookup", inbound, null)) {
            stage.set(GenAiAttributes.STAGE, "cache").request(request);
            return Tracing.currentHeaders(null);
        }
    }
}
