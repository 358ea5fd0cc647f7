package io.llmgateway.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the requests before it, and its latency is measured from that intended time. A
 * closed loop (send, wait, send) slows down with the system under test and so never measures the
 * queueing a stall causes (coordinated omission); this one does.
 *
 * <p>One platform thread keeps the schedule and only starts requests ({@link LoadTarget#send}
 * does not block); answers are recorded on whatever thread completes them, into HdrHistogram
 * {@link Recorder}s, which take values from many threads without locks.
 */
public final class OpenLoopLoad {

    private static final Logger log = LoggerFactory.getLogger(OpenLoopLoad.class);

    static final String IN_FLIGHT_LIMIT = "client in-flight limit";
    static final String DRAIN_TIMEOUT = "no answer within drain timeout";

    private OpenLoopLoad() {}

    /** Warms up (unrecorded), then runs the measured part of {@code plan} against {@code target}. */
    public static LoadResult run(LoadPlan plan, LoadTarget target) {
        if (plan.warmupRequests() > 0) {
            drive(plan, target, plan.warmupRequests(), 0);
        }
        LoadResult result = drive(plan, target, plan.requests(), plan.warmupRequests());
        log.info("{}: {} sent, {} ok, {} failed, {} /s achieved, p50 {} ms, p99 {} ms", plan.name(), result.sent(),
                result.succeeded(), result.failed(), Math.round(result.achievedPerSecond()),
                result.latencyMs(50), result.latencyMs(99));
        return result;
    }

    private static LoadResult drive(LoadPlan plan, LoadTarget target, long count, long firstSequence) {
        Recorder latency = new Recorder(3);
        Recorder service = new Recorder(3);
        Recorder firstToken = new Recorder(3);
        Recorder sendLag = new Recorder(3);
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong finished = new AtomicLong();
        AtomicLong lastAnswerNanos = new AtomicLong();
        double periodNanos = 1e9 / plan.ratePerSecond();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long sent = 0;

        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * periodNanos);
            waitUntil(intended);
            if (inFlight.get() >= plan.maxInFlight()) {
                failures.computeIfAbsent(IN_FLIGHT_LIMIT, k -> new LongAdder()).increment();
                finished.incrementAndGet();
                continue;
            }
            inFlight.incrementAndGet();
            long sentAt = System.nanoTime();
            sendLag.recordValue(micros(sentAt - intended));
            sent++;
            CompletableFuture<Answer> answer;
            try {
                answer = target.send(firstSequence + i);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((a, error) -> {
                long now = System.nanoTime();
                inFlight.decrementAndGet();
                if (error == null && a.succeeded()) {
                    latency.recordValue(micros(now - intended));
                    service.recordValue(micros(now - sentAt));
                    if (a.firstTokenNanos() > 0) {
                        firstToken.recordValue(micros(a.firstTokenNanos() - intended));
                    }
                } else {
                    String reason = error != null ? reason(error) : a.failure();
                    failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
                }
                lastAnswerNanos.accumulateAndGet(now, Math::max);
                finished.incrementAndGet();
            });
        }
        long drainUntil = System.nanoTime() + plan.drainTimeout().toNanos();
        while (finished.get() < count && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        long open = count - finished.get();
        if (open > 0) {
            failures.computeIfAbsent(DRAIN_TIMEOUT, k -> new LongAdder()).add(open);
        }
        Histogram ok = latency.getIntervalHistogram();
        long spanNanos = Math.max(1, lastAnswerNanos.get() - start);
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((reason, n) -> failed.put(reason, n.sum()));
        return new LoadResult(plan.name(), target.describe(), plan.ratePerSecond(), sent, ok.getTotalCount(),
                failed, ok.getTotalCount() * 1e9 / spanNanos, ok, service.getIntervalHistogram(),
                firstToken.getIntervalHistogram(), sendLag.getIntervalHistogram(), cpu.stop());
    }

    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }

    private static String reason(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
