package io.llmgateway.bench.jmh;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.llmgateway.accounting.RequestLogLine;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.RequestTrail;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What logging costs the thread that serves a request, with the appenders the services run
 * ({@code logback.xml}) writing to a null stream: the one request-log line ({@link RequestLogLine})
 * and four per-hop lines like those the ingress, cache and router wrote per request at INFO
 * before they moved to DEBUG. {@code async-*} is the deployed setup (AsyncAppender, never
 * blocking); a tight loop fills its queue, so those figures include lines dropped at a full queue,
 * which cost the caller what an accepted one does (the event is built and offered either way).
 * Sampled times: on a busy machine the median shows a call's cost, the mean mostly the waits for a core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestLogBenchmark {

    @Param({"async-json", "async-text", "sync-json", "sync-text"})
    public String appender;

    private static final org.slf4j.Logger HOPS = org.slf4j.LoggerFactory.getLogger("io.llmgateway.bench.hops");

    private LoggerContext context;
    private RequestLogRecord entry;

    @Setup
    public void setUp() {
        context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        Appender<ILoggingEvent> out = appender(appender);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(out);
        entry = new RequestLogRecord("4bf92f3577b34da6a3ce929d0e0e4736", "01a252be-a47b-7b00-bf1d-6c6bab078d81",
                "acme", "default", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "mock", "openai", false,
                Priority.INTERACTIVE, null, Outcome.SUCCESS, null, 1200, 0, 180, new BigDecimal("0.000288"),
                "2026-08-21", 42, 18L, false, CacheStatus.MISS, "no_entry", false,
                List.of(new RequestTrail.AttemptRecord("mock", "gpt-4o-mini", 200, "ok", 30)),
                Map.of("admission", 4L, "to_router", 6L, "provider", 30L), List.of(), 1_796_685_995_188L,
                1_796_685_995_230L);
    }

    @TearDown
    public void tearDown() {
        context.reset();
    }

    private Appender<ILoggingEvent> appender(String kind) {
        OutputStreamAppender<ILoggingEvent> sink = new OutputStreamAppender<>();
        sink.setContext(context);
        sink.setName("sink");
        sink.setEncoder(kind.endsWith("json") ? json() : text());
        sink.setOutputStream(OutputStream.nullOutputStream());
        sink.start();
        if (kind.startsWith("sync")) {
            return sink;
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(sink);
        async.start();
        return async;
    }

    private Encoder<ILoggingEvent> json() {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        return encoder;
    }

    /** The one line per request, now: the request log's record as JSON under {@code request_log}. */
    @Benchmark
    public void requestLogLine() {
        RequestLogLine.write(entry);
    }

    /** Four per-request lines at INFO, as before: published, cache decision, router outcome, answered. */
    @Benchmark
    public void perHopLinesAtInfo() {
        hops(HOPS::info);
    }

    /** The same four calls at DEBUG with the logger at INFO, as now: a level check each. */
    @Benchmark
    public void perHopLinesAtDebug() {
        hops(HOPS::debug);
    }

    /** A logger method: {@code info} or {@code debug}. */
    private interface Line {
        void log(String format, Object... arguments);
    }

    private void hops(Line line) {
        String id = entry.requestId();
        line.log("published {} tenant={} project={} key_id={} model={} input_tokens~{}", id, "acme", "default",
                "acme-dev", "gpt-4o-mini", 1200);
        line.log("request {} from {}: {} ({}) in {} ms", id, "llm.admitted-3@1234", "MISS", "no_entry", 2);
        line.log("request {} at {}: {} via {} in {} ms, {} provider call(s){}{}", id, "llm.routable-1@99",
                Outcome.SUCCESS, "mock", 31, 1, "", ", 1380 tokens");
        line.log("answered {} status=200 finish={} cache={} latency_ms={}", id, "stop", "MISS", 42);
    }
}
