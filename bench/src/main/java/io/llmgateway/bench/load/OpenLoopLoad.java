package io.llmgateway.bench.load;

import java.time.Duration;
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
        return run(plan, target, null, null);
    }

    /** What the measured part of a run did in one interval (see {@link #run(LoadPlan, LoadTarget, Duration, IntervalListener)}). */
    public record Interval(int index, double seconds, Histogram latency, long succeeded, Map<String, Long> failures,
                           CpuMeter.Usage cpu, boolean last) {

        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Answers per second completed within the interval. */
        public double achievedPerSecond() {
            return seconds > 0 ? succeeded / seconds : 0;
        }
    }

    /** Told about each interval of a long run, on a thread of its own (it may take its time: the schedule goes on). */
    @FunctionalInterface
    public interface IntervalListener {
        void interval(Interval interval);
    }

    /**
     * As {@link #run(LoadPlan, LoadTarget)}, and every {@code every} of the measured part also tells
     * {@code listener} what was answered in that interval (latency, answers, failures, CPU); the
     * last call, with {@code last} set, covers what was left after the last whole interval,
     * the drain included.
     */
    public static LoadResult run(LoadPlan plan, LoadTarget target, Duration every, IntervalListener listener) {
        if (plan.warmupRequests() > 0) {
            drive(plan, target, plan.warmupRequests(), 0, null, null);
        }
        LoadResult result = drive(plan, target, plan.requests(), plan.warmupRequests(), every, listener);
        log.info("{}: {} sent, {} ok, {} failed, {} /s achieved, p50 {} ms, p99 {} ms", plan.name(), result.sent(),
                result.succeeded(), result.failed(), Math.round(result.achievedPerSecond()),
                result.latencyMs(50), result.latencyMs(99));
        return result;
    }

    private static LoadResult drive(LoadPlan plan, LoadTarget target, long count, long firstSequence,
                                    Duration every, IntervalListener listener) {
        Run run = new Run(plan, target);
        double periodNanos = 1e9 / plan.ratePerSecond();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        Intervals intervals = listener == null ? null : new Intervals(run, start, listener);
        java.util.concurrent.ScheduledExecutorService sampler = null;
        if (intervals != null) {
            sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("load-intervals").daemon().factory());
            long everyNanos = every.toNanos();
            sampler.scheduleAtFixedRate(() -> intervals.take(false), start + everyNanos - System.nanoTime(),
                    everyNanos, TimeUnit.NANOSECONDS);
        }
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
        if (sampler != null) {
            sampler.shutdown();
            try {
                sampler.awaitTermination(5, TimeUnit.MINUTES); // a listener may be busy (a GC) right now
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            intervals.take(true);
        }
        Histogram ok = run.total(Run.LATENCY, run.latency.getIntervalHistogram());
        long spanNanos = Math.max(1, run.lastAnswerNanos.get() - start);
        Map<String, Long> failed = new TreeMap<>();
        run.failures.forEach((reason, n) -> failed.put(reason, n.sum()));
        return new LoadResult(plan.name(), target.describe(), plan.ratePerSecond(), run.sent.get(),
                ok.getTotalCount(), failed, ok.getTotalCount() * 1e9 / spanNanos, ok,
                run.total(Run.SERVICE, run.service.getIntervalHistogram()),
                run.total(Run.FIRST_TOKEN, run.firstToken.getIntervalHistogram()),
                run.total(Run.SEND_LAG, run.sendLag.getIntervalHistogram()), cpu.stop());
    }

    /**
     * Cuts a run's recorders at each interval: what was recorded since the last cut goes to the
     * listener and into the run's totals (a Recorder's interval histogram resets it).
     */
    private static final class Intervals {
        private final Run run;
        private final IntervalListener listener;
        private Map<String, Long> failuresBefore = Map.of();
        private long since;
        private CpuMeter cpu = CpuMeter.start();
        private int index;

        Intervals(Run run, long start, IntervalListener listener) {
            run.intervalled = true;
            this.run = run;
            this.since = start;
            this.listener = listener;
        }

        synchronized void take(boolean last) {
            long now = System.nanoTime();
            Histogram latency = run.latency.getIntervalHistogram();
            run.total(Run.LATENCY, latency);
            run.total(Run.SERVICE, run.service.getIntervalHistogram());
            run.total(Run.FIRST_TOKEN, run.firstToken.getIntervalHistogram());
            run.total(Run.SEND_LAG, run.sendLag.getIntervalHistogram());
            Map<String, Long> failures = new TreeMap<>();
            run.failures.forEach((reason, n) -> {
                long delta = n.sum() - failuresBefore.getOrDefault(reason, 0L);
                if (delta > 0) {
                    failures.put(reason, delta);
                }
            });
            Map<String, Long> all = new TreeMap<>();
            run.failures.forEach((reason, n) -> all.put(reason, n.sum()));
            failuresBefore = all;
            CpuMeter.Usage usage = cpu.stop();
            cpu = CpuMeter.start();
            Interval interval = new Interval(++index, Math.max(0, now - since) / 1e9, latency, latency.getTotalCount(),
                    failures, usage, last);
            since = now;
            try {
                listener.interval(interval);
            } catch (RuntimeException e) {
                log.warn("interval listener failed", e);
            }
        }
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
        /** What earlier intervals took out of the recorders; null until an interval is cut. */
        private Histogram[] totals;
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

        static final int LATENCY = 0;
        static final int SERVICE = 1;
        static final int FIRST_TOKEN = 2;
        static final int SEND_LAG = 3;

        /** The whole run's histogram {@code which}: {@code interval} plus what earlier intervals took. */
        Histogram total(int which, Histogram interval) {
            add(which, interval);
            synchronized (this) {
                return totals != null ? totals[which].copy() : interval;
            }
        }

        /**
         * Adds an interval to a total. Only an interval run (Intervals) keeps totals: it cuts before
         * the final harvest, so a run without intervals passes its one histogram through unchanged.
         */
        private synchronized void add(int which, Histogram interval) {
            if (totals == null && !intervalled) {
                return;
            }
            if (totals == null) {
                totals = new Histogram[] {new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3)};
            }
            totals[which].add(interval);
        }

        volatile boolean intervalled;

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
