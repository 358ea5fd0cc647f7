package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SamplingParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace context through accounting: what admission and the charge forward (admitted request,
 * refusal reply and usage, cost) carries a {@code traceparent} of the same trace as the record
 * that came in, naming accounting's own span as the parent of the next stage; a batch producer's
 * header is kept as the trace, a context in the request's value is used when no header came.
 */
class TraceHeadersTest {

    private static final Instant NOW = Instant.ofEpochMilli(Messages.CREATED_AT_MS);
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            providers:
              mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            models:
              gpt-4o-mini: {deployments: [{provider: mock, model: gpt-4o-mini}]}
            tenants:
              acme:
                limits: {requests_per_minute: 1}
            """);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01";

    @AutoClose
    private final AccountingDriver accounting;

    TraceHeadersTest(@TempDir Path stateDir) {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @Test
    void anAdmittedRequestCarriesTheProducersTraceWithAdmissionAsItsParent() {
        accounting.requests.pipeInput(new TestRecord<>("acme", request("req-1", null), traced(TRACEPARENT)));

        Headers headers = accounting.admitted.readRecord().headers();
        assertThat(headers.headers(Tracing.TRACEPARENT)).hasSize(1); // replaced, not added
        String traceparent = value(headers.lastHeader(Tracing.TRACEPARENT));
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-01")
                .doesNotContain(PRODUCER_SPAN);
    }

    @Test
    void aRefusalsReplyAndUsageCarryTheTrace() {
        accounting.requests.pipeInput(new TestRecord<>("acme", request("req-1", null), traced(TRACEPARENT)));
        accounting.requests.pipeInput(new TestRecord<>("acme", request("req-2", null), traced(TRACEPARENT)));

        assertThat(Tracing.traceIdOf(accounting.replies.readRecord().headers())).hasValue(TRACE_ID);
        assertThat(Tracing.traceIdOf(accounting.usageOut.readRecord().headers())).hasValue(TRACE_ID);
    }

    @Test
    void aCostCarriesTheTraceOfItsUsageRecord() {
        accounting.usage.pipeInput(new TestRecord<>("acme", Messages.usage("req-1", "acme", 10, 5),
                traced(TRACEPARENT)));

        assertThat(Tracing.traceIdOf(accounting.costs.readRecord().headers())).hasValue(TRACE_ID);
    }

    @Test
    void withoutAHeaderTheContextInTheValueIsTheTrace() {
        accounting.send(request("req-1", TRACEPARENT));

        assertThat(Tracing.traceIdOf(accounting.admitted.readRecord().headers())).hasValue(TRACE_ID);
    }

    @Test
    void withoutAnyContextAdmissionStartsATrace() {
        accounting.send(request("req-1", null));

        assertThat(Tracing.traceIdOf(accounting.admitted.readRecord().headers()))
                .hasValueSatisfying(traceId -> assertThat(traceId).hasSize(32).isNotEqualTo(TRACE_ID));
    }

    private static GatewayRequest request(String id, String traceparent) {
        return new GatewayRequest(id, "acme", "default", "key-1", "gpt-4o-mini",
                List.of(ChatMessage.user("What is Kafka?")), new SamplingParams(0.0, null, 10, null, null),
                false, Messages.REPLY_TOPIC, Messages.CREATED_AT_MS, Messages.CREATED_AT_MS + 30_000,
                Priority.INTERACTIVE, CachePolicy.DEFAULT, traceparent, 5, null);
    }

    private static Headers traced(String traceparent) {
        return new RecordHeaders().add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(Header header) {
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
