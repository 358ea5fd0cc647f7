package io.llmgateway.common.trace;

import io.llmgateway.common.config.TracingSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the gateway talks to OpenTelemetry: W3C trace context in and out (HTTP
 * {@code traceparent}/{@code tracestate}, the same names as Kafka record headers), and one
 * {@link Stage} span per stage a request passes. Code elsewhere opens stages and sets attributes;
 * it never touches the SDK.
 *
 * <p>Trace context always travels, exporter or not: every stage is a child of the stage before
 * it, across Kafka, and the provider call carries the trace's {@code traceparent}. Without an
 * OTLP endpoint there is no exporter and new traces are not sampled (a dropped span is an id and
 * nothing more); a caller whose {@code traceparent} says sampled still gets its spans recorded,
 * and they go nowhere. With an endpoint, spans are batched to it over OTLP/HTTP, new traces sampled
 * at {@code tracing.sampling_ratio}, and a caller's decision followed.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);

    /** The W3C header, on HTTP requests and on Kafka records. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String INSTRUMENTATION = "io.llmgateway";
    /** After {@link #W3C} and {@link #log}, which {@link #create} uses. */
    private static final Tracing OFF = create(TracingSettings.DEFAULTS, "gateway");

    private final Tracer tracer;
    private final AutoCloseable sdk;

    private Tracing(OpenTelemetry openTelemetry, AutoCloseable sdk) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.sdk = sdk;
    }

    /**
     * The tracing a service runs with: an OTLP exporter when {@code tracing.otlp_endpoint} is set,
     * none otherwise. Close it with the service: it flushes what is still batched.
     *
     * @param serviceName the {@code service.name} of its spans
     */
    public static Tracing create(TracingSettings settings, String serviceName) {
        SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))));
        if (settings.exporting()) {
            provider.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.samplingRatio())))
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(settings.otlpEndpoint().toString()).build()).build());
            log.info("{} exports spans to {} (sampling {} of new traces)", serviceName, settings.otlpEndpoint(),
                    settings.samplingRatio());
        } else {
            // An SDK without a span processor hands out no-op tracers, which make no ids: a request
            // without a caller's trace would have none. This processor is there to prevent that.
            provider.setSampler(Sampler.parentBased(Sampler.alwaysOff())).addSpanProcessor(IdsOnly.INSTANCE);
        }
        return of(OpenTelemetrySdk.builder().setTracerProvider(provider.build())
                .setPropagators(ContextPropagators.create(W3C)).build());
    }

    /** Tracing on an SDK made elsewhere (tests: one with an in-memory exporter); closing it closes the SDK. */
    public static Tracing of(OpenTelemetrySdk sdk) {
        return new Tracing(sdk, sdk);
    }

    /**
     * No exporter: trace context still passed on, nothing leaves the process (services that are
     * not given a tracing of their own, tests that do not look at traces). Shared; close does nothing.
     */
    public static Tracing off() {
        return OFF;
    }

    /**
     * The stage of a request that arrived over HTTP, current until closed.
     *
     * @param traceparent the caller's header, or null: a new trace
     * @param tracestate the caller's header, or null
     */
    public Stage serverStage(String name, String traceparent, String tracestate) {
        Map<String, String> carrier = new HashMap<>(2);
        putIfPresent(carrier, TRACEPARENT, traceparent);
        putIfPresent(carrier, TRACESTATE, tracestate);
        return start(name, SpanKind.SERVER, W3C.extract(Context.root(), carrier, MapCarrier.INSTANCE));
    }

    /**
     * The stage that handles one Kafka record, current until closed: a child of the stage that
     * produced it (its {@code traceparent} header).
     *
     * @param fallbackTraceparent used when the record has no header (a producer that put the
     *     context in the value instead), or null: a new trace
     */
    public Stage recordStage(String name, Headers headers, String fallbackTraceparent) {
        Context parent = W3C.extract(Context.root(), headers, KafkaCarrier.INSTANCE);
        if (!Span.fromContext(parent).getSpanContext().isValid() && fallbackTraceparent != null) {
            parent = W3C.extract(Context.root(), Map.of(TRACEPARENT, fallbackTraceparent), MapCarrier.INSTANCE);
        }
        return start(name, SpanKind.CONSUMER, parent);
    }

    /** A call out of the process (a provider), a child of the current stage, current until closed. */
    public Stage clientStage(String name) {
        return start(name, SpanKind.CLIENT, Context.current());
    }

    private Stage start(String name, SpanKind kind, Context parent) {
        return new Stage(tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan());
    }

    /** Runs what is submitted with the submitter's trace context: a provider call on a thread of its own. */
    public static ExecutorService carryingContext(ExecutorService executor) {
        return Context.taskWrapping(executor);
    }

    /** Writes the current stage's context into a record's headers, replacing any there. */
    public static void writeCurrent(Headers headers) {
        if (Span.current().getSpanContext().isValid()) {
            W3C.inject(Context.current(), headers, KafkaCarrier.INSTANCE);
        }
    }

    /**
     * Headers for a record forwarded inside a stage (Kafka Streams): a copy of {@code from} (null:
     * none) with the current stage's context in place of theirs.
     */
    public static Headers currentHeaders(Headers from) {
        Headers headers = from == null ? new RecordHeaders() : new RecordHeaders(from.toArray());
        writeCurrent(headers);
        return headers;
    }

    /** Writes the current stage's context as HTTP headers ({@code setter.accept(name, value)}). */
    public static void writeCurrent(BiConsumer<String, String> setter) {
        if (Span.current().getSpanContext().isValid()) {
            W3C.inject(Context.current(), setter, BiConsumer::accept);
        }
    }

    /** The trace id a record's {@code traceparent} header names. */
    public static Optional<String> traceIdOf(Headers headers) {
        SpanContext context = Span.fromContext(W3C.extract(Context.root(), headers, KafkaCarrier.INSTANCE))
                .getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    /** The trace id a {@code traceparent} value names, when it is a valid one. */
    public static Optional<String> traceIdOf(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        SpanContext context = Span.fromContext(W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent),
                MapCarrier.INSTANCE)).getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    /** Flushes batched spans and stops the exporter. */
    @Override
    public void close() {
        if (this == OFF) {
            return;
        }
        try {
            sdk.close();
        } catch (Exception e) {
            log.warn("tracing did not close cleanly: {}", e.toString());
        }
    }

    private static void putIfPresent(Map<String, String> carrier, String key, String value) {
        if (value != null && !value.isBlank()) {
            carrier.put(key, value.strip());
        }
    }

    /** Keeps the SDK's tracer real (ids made, context propagated) while nothing is exported. */
    private enum IdsOnly implements SpanProcessor {
        INSTANCE;

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** Kafka record headers as a carrier: the last value of a name counts; writing replaces. */
    private enum KafkaCarrier implements TextMapGetter<Headers>, TextMapSetter<Headers> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void set(Headers headers, String key, String value) {
            if (headers != null) {
                headers.remove(key);
                headers.add(key, value.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private enum MapCarrier implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
