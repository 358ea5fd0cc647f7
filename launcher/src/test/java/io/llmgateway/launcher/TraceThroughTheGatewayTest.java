package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.classic.Level;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.testkit.KafkaBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The trace of one request through the whole gateway, read with the SDK's in-memory exporter:
 * ingress, admission (accounting), cache lookup, route (router), the provider call and the charge
 * (accounting again) are one chain of parent and child under the caller's trace id, across every
 * Kafka hop; the provider receives that trace in {@code traceparent}; and every log line about the
 * request carries its trace id.
 */
class TraceThroughTheGatewayTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** The caller's trace: W3C's own example, sampled. */
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static DevGateway gateway;
    private static Tracing tracing;

    @BeforeAll
    static void startGateway() {
        tracing = Tracing.of(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build());
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC(), tracing);
        LOG.start();
        Logger gatewayLogs = (Logger) LoggerFactory.getLogger("io.llmgateway");
        gatewayLogs.addAppender(LOG);
        // The per-hop lines are DEBUG (INFO has one line per request, the request log's).
        gatewayLogs.setLevel(Level.DEBUG);
    }

    @AfterAll
    static void stopGateway() {
        Logger gatewayLogs = (Logger) LoggerFactory.getLogger("io.llmgateway");
        gatewayLogs.detachAppender(LOG);
        gatewayLogs.setLevel(null);
        if (gateway != null) {
            gateway.close();
        }
        if (tracing != null) {
            tracing.close();
        }
    }

    @BeforeEach
    void forgetEarlierSpans() {
        SPANS.reset();
    }

    @Test
    void oneRequestIsOneTraceFromTheCallerThroughEveryStageToTheProvider() throws Exception {
        String requestId = chat(Optional.of(TRACEPARENT), "Trace me through Kafka");

        List<SpanData> spans = awaitTrace(TRACE_ID);
        SpanData ingress = only(spans, "POST /v1/chat/completions");
        SpanData admission = only(spans, "admission");
        SpanData cache = only(spans, "cache lookup");
        SpanData route = only(spans, "route");
        SpanData provider = only(spans, "chat gpt-4o-mini");
        SpanData charge = only(spans, "charge");

        assertThat(spans).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE_ID));
        assertThat(ingress.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(ingress.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(admission.getParentSpanId()).isEqualTo(ingress.getSpanId());
        assertThat(cache.getParentSpanId()).isEqualTo(admission.getSpanId());
        assertThat(route.getParentSpanId()).isEqualTo(cache.getSpanId());
        assertThat(provider.getParentSpanId()).isEqualTo(route.getSpanId());
        assertThat(provider.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(charge.getParentSpanId()).isEqualTo(route.getSpanId());
        assertThat(List.of(ingress, admission, cache, route, provider, charge))
                .extracting(span -> span.getAttributes().get(AttributeKey.stringKey("gateway.stage")))
                .containsExactly("ingress", "accounting", "cache", "router", "provider", "accounting");
        assertThat(List.of(ingress, admission, cache, route)).allSatisfy(span ->
                assertThat(span.getAttributes().get(AttributeKey.stringKey("gateway.request_id")))
                        .isEqualTo(requestId));

        // OpenTelemetry's GenAI conventions on the provider call, request and answer.
        assertThat(attribute(provider, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(provider, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(attribute(provider, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(attribute(provider, "gen_ai.response.model")).isEqualTo("gpt-4o-mini");
        assertThat(provider.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(64L);
        assertThat(provider.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.0);
        assertThat(provider.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(provider.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(provider.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("stop");
        assertThat(attribute(route, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(route.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();

        // The provider got the trace, as a child of the provider-call span.
        assertThat(gateway.mockProvider().lastTraceparent())
                .hasValue("00-" + TRACE_ID + "-" + provider.getSpanId() + "-01");
        // The usage record names the router's span, the cost record accounting's charge.
        assertThat(traceparentOf(gateway.config().topics().usage(), requestId))
                .isEqualTo("00-" + TRACE_ID + "-" + route.getSpanId() + "-01");
        assertThat(traceparentOf(gateway.config().topics().costs(), requestId))
                .isEqualTo("00-" + TRACE_ID + "-" + charge.getSpanId() + "-01");
    }

    /** The {@code traceparent} header of the request's record on a topic keyed by tenant (its value names the id). */
    private static String traceparentOf(String topic, String requestId) {
        var props = KafkaClients.rawConsumer(gateway.config().kafka(), "trace-reader-" + topic + "-" + requestId,
                "trace-test");
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(requestId) && header != null) {
                        return new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no record of " + requestId + " with a traceparent on " + topic);
    }

    @Test
    void everyLogLineAboutTheRequestCarriesItsTraceId() throws Exception {
        LOG.list.clear();
        String requestId = chat(Optional.of(TRACEPARENT), "Log me with my trace");
        awaitTrace(TRACE_ID);

        List<ILoggingEvent> aboutIt = List.copyOf(LOG.list).stream()
                .filter(event -> event.getFormattedMessage().contains(requestId)).toList();
        // At DEBUG: the ingress publishes and answers, the router serves.
        assertThat(aboutIt).extracting(ILoggingEvent::getLoggerName).contains(
                "io.llmgateway.ingress.KafkaPipeline", "io.llmgateway.ingress.ChatCompletionsRoute",
                "io.llmgateway.router.RequestRouter");
        assertThat(aboutIt).allSatisfy(event ->
                assertThat(event.getMDCPropertyMap()).containsEntry("trace_id", TRACE_ID));
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwn() throws Exception {
        chat(Optional.empty(), "No trace of my own");

        List<SpanData> spans = awaitTrace(null);
        SpanData ingress = only(spans, "POST /v1/chat/completions");
        assertThat(ingress.getParentSpanContext().isValid()).isFalse();
        assertThat(ingress.getTraceId()).isNotEqualTo(TRACE_ID);
        assertThat(spans).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(ingress.getTraceId()));
        assertThat(gateway.mockProvider().lastTraceparent()).hasValueSatisfying(traceparent ->
                assertThat(traceparent).contains(ingress.getTraceId()));
    }

    /** Sends a chat completion (no cache: a miss goes to the provider) and returns its request id. */
    private static String chat(Optional<String> traceparent, String prompt) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.ingressPort() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-gw-demo-acme")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"gpt-4o-mini","max_tokens":64,"temperature":0,
                         "messages":[{"role":"user","content":"%s"}]}""".formatted(prompt)));
        traceparent.ifPresent(value -> request.header("traceparent", value));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    /** Every stage of one request; the ingress's ends after its answer, accounting's charge after the usage record. */
    private static final List<String> STAGES = List.of("POST /v1/chat/completions", "admission", "cache lookup",
            "route", "chat gpt-4o-mini", "charge");

    /** The spans of the trace once every stage of the request ended. */
    private static List<SpanData> awaitTrace(String traceId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> SPANS.getFinishedSpanItems().stream()
                .filter(span -> traceId == null || span.getTraceId().equals(traceId))
                .map(SpanData::getName).toList().containsAll(STAGES));
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> traceId == null || span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(span -> span.getName().equals(name)).toList();
        assertThat(named).as("spans named '%s' in %s", name, spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return named.getFirst();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
