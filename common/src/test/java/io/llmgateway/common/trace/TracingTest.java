package io.llmgateway.common.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.TracingSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Trace context without an exporter (the default): made, followed, written and read. */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private final Tracing tracing = Tracing.create(TracingSettings.DEFAULTS, "test");

    @Test
    void withoutAnExporterARequestWithoutContextStillGetsATraceOfItsOwn() {
        Map<String, String> sent = new HashMap<>();
        try (Stage stage = tracing.serverStage("POST /v1/chat/completions", null, null)) {
            Tracing.writeCurrent(sent::put);
            assertThat(stage.traceId()).hasSize(32).isNotEqualTo("0".repeat(32));
            assertThat(MDC.get(Stage.TRACE_ID)).isEqualTo(stage.traceId());
        }
        // Not sampled (no exporter to send it to); 02 is W3C level 2's "random trace id" flag.
        assertThat(sent.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
        assertThat(MDC.get(Stage.TRACE_ID)).isNull();
    }

    @Test
    void aStageIsAChildOfTheCallersTraceAndKeepsItsDecisionAndState() {
        Map<String, String> sent = new HashMap<>();
        try (Stage stage = tracing.serverStage("POST /v1/chat/completions", TRACEPARENT, "vendor=abc")) {
            Tracing.writeCurrent(sent::put);
            assertThat(stage.traceId()).isEqualTo(TRACE_ID);
        }
        assertThat(sent.get("traceparent")).startsWith("00-" + TRACE_ID + "-").endsWith("-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(sent.get("tracestate")).isEqualTo("vendor=abc");
    }

    @Test
    void aRecordsHeaderIsReplacedNotAdded() {
        Headers headers = new RecordHeaders().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        try (Stage stage = tracing.recordStage("route", headers, null)) {
            Headers out = Tracing.currentHeaders(headers);
            assertThat(out.headers("traceparent")).hasSize(1);
            assertThat(Tracing.traceIdOf(out)).hasValue(TRACE_ID);
            assertThat(new String(out.lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                    .isNotEqualTo(TRACEPARENT);
        }
        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .as("the input's headers are left alone").isEqualTo(TRACEPARENT);
    }

    @Test
    void aContextInTheValueIsUsedWhenTheRecordHasNoHeaderAndGarbageIsNoContext() {
        try (Stage stage = tracing.recordStage("admission", new RecordHeaders(), TRACEPARENT)) {
            assertThat(stage.traceId()).isEqualTo(TRACE_ID);
        }
        assertThat(Tracing.traceIdOf("garbage")).isEmpty();
        assertThat(Tracing.traceIdOf(new RecordHeaders())).isEmpty();
        assertThat(Tracing.traceIdOf(TRACEPARENT)).hasValue(TRACE_ID);
    }

    @Test
    void outsideAStageNothingIsWritten() {
        Headers headers = new RecordHeaders();
        Tracing.writeCurrent(headers);
        assertThat(headers.toArray()).isEmpty();
    }
}
