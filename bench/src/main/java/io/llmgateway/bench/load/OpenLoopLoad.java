package io.llmgateway.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
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
 * {@link Recorder}s, which take values from many threads without locks. A request due while
 * {@link LoadPlan#maxInFlight()} are open waits for one to finish (see {@link Run}).
 */
public final class OpenLoopLoad {

    private static final Logger log = LoggerFactory.getLogger(OpenLoopLoad.class);

    static final String QUEUE_FULL = "client queue full";
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
        Run run = new Run(plan, target);
        double periodNanos = 1e9 / plan.ratePerSecond();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * periodNanos);
            waitUntil(intended);
            run.due(firstSequence + i, intended);
        }
        long drainUntil = System.nanoTime() + plan.drainTimeout().toNanos();
        while (run.finished.get() < count && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        run.closed = true; // what still waits in the queue is not sent any more
        long open = count - run.finished.get();
        if (open > 0) {
            run.fail(DRAIN_TIMEOUT, open);
        }
        Histogram ok = run.latency.getIntervalHistogram();
        long spanNanos = Math.max(1, run.lastAnswerNanos.get() - start);
        Map<String, Long> failed = new TreeMap<>();
        run.failures.forEach((reason, n) -> failed.put(reason, n.sum()));
        return new LoadResult(plan.name(), target.describe(), plan.ratePerSecond(), run.sent.get(),
                ok.getTotalCount(), failed, ok.getTotalCount() * 1e9 / spanNanos, ok,
                run.service.getIntervalHistogram(), run.firstToken.getIntervalHistogram(),
                run.sendLag.getIntervalHistogram(), cpu.stop());
    }

    /**
     * One run's state. At most {@code maxInFlight} requests are open at once (a client's
     * connection pool: the JDK client opens one connection per open HTTP/1.1 request, and each
     * costs file descriptors on both ends); a request due while all are busy waits in a queue,
     * and its wait counts in its latency, which is measured from its intended time all the same.
     */
    private static final class Run {
        private static final int MAX_QUEUED = 200_000;

        final LoadPlan plan;
        final LoadTarget target;
        final Recorder latency = new Recorder(3);
        final Recorder service = new Recorder(3);
        final Recorder firstToken = new Recorder(3);
        final Recorder sendLag = new Recorder(3);
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final AtomicLong finished = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong lastAnswerNanos = new AtomicLong();
        final Semaphore slots;
        final Queue<long[]> queued = new ConcurrentLinkedQueue<>();
        final AtomicInteger queuedCount = new AtomicInteger();
        volatile boolean closed;

        Run(LoadPlan plan, LoadTarget target) {
            this.plan = plan;
            this.target = target;
            this.slots = new Semaphore(plan.maxInFlight());
        }

        /** Called by the scheduler at the request's intended time. */
        void due(long sequence, long intended) {
            if (slots.tryAcquire()) {
                start(sequence, intended);
                return;
            }
            if (queuedCount.incrementAndGet() > MAX_QUEUED) {
                queuedCount.decrementAndGet();
                fail(QUEUE_FULL, 1);
                return;
            }
            queued.add(new long[] {sequence, intended});
            // A slot freed between the failed tryAcquire and the add would otherwise wait for the next answer.
            if (slots.tryAcquire()) {
                startNextOrRelease();
            }
        }

        /** Holds a slot: starts a queued request with it, or gives it back. */
        private void startNextOrRelease() {
            long[] next = closed ? null : queued.poll();
            if (next == null) {
                slots.release();
                return;
            }
            queuedCount.decrementAndGet();
            start(next[0], next[1]);
        }

        private void start(long sequence, long intended) {
            long sentAt = System.nanoTime();
            sendLag.recordValue(micros(sentAt - intended));
            sent.incrementAndGet();
            CompletableFuture<Answer> answer;
            try {
                answer = target.send(sequence);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((a, error) -> {
                long now = System.nanoTime();
                if (error == null && a.succeeded()) {
                    latency.recordValue(micros(now - intended));
                    service.recordValue(micros(now - sentAt));
                    if (a.firstTokenNanos() > 0) {
                        firstToken.recordValue(micros(a.firstTokenNanos() - intended));
                    }
                } else {
                    failures.computeIfAbsent(error != null ? reason(error) : a.failure(), k -> new LongAdder())
                            .increment();
                }
                lastAnswerNanos.accumulateAndGet(now, Math::max);
                finished.incrementAndGet();
                startNextOrRelease();
            });
        }

        void fail(String reason, long n) {
            failures.computeIfAbsent(reason, k -> new LongAdder()).add(n);
            finished.addAndGet(n);
        }
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
