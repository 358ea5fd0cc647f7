package io.llmgateway.ingress.batch;

import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.batch.BatchJobs.BatchJob;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch job on the instance that accepted it: reads the input file, produces each line to
 * the requests topic as a batch-priority request answering on the job's own result topic,
 * collects each request's one terminal reply from there (a duplicate or a retried attempt's is
 * dropped, so every custom_id is answered once), writes progress to the jobs topic, and at the
 * end the output and error files.
 */
final class BatchRun {

    private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

    /** How often progress ({@code request_counts}) is written to the jobs topic at most. */
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    /** How long a cancelled job waits for the answers of requests already sent. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);
    /** At most this many malformed lines are listed in the batch's {@code errors} (all are in the error file). */
    private static final int MAX_LISTED_ERRORS = 100;
    /** Requests of one job in the pipeline at once, at most (and at most half the tenant's concurrency limit). */
    static final int MAX_IN_FLIGHT = 512;
    /** A line refused for a rate limit is sent again, after the retry-after it was given, this many times at most. */
    static final int MAX_ATTEMPTS = 20;
    private static final long MIN_RETRY_MS = 100;
    /** Accounting's code for a request over a rate limit (a budget has another). */
    private static final String RATE_LIMIT_CODE = "rate_limit_exceeded";
    private static final long MAX_RETRY_MS = 30_000;

    private final BatchContext context;
    private final Caller caller;
    private final Deserializer<Reply> replies = Topics.replies("any").valueSerde().deserializer();
    /** Sent requests by input line number, until answered. */
    private final Map<Integer, Sent> outstanding = new ConcurrentHashMap<>();
    /** Every line's result by input line number; at most one each. */
    private final Map<Integer, ResultLine> results = new ConcurrentHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean finishing = new AtomicBoolean();
    /** Bounds the job's requests in flight: a job paces itself instead of tripping the tenant's limits. */
    private final Semaphore slots;
    private volatile BatchJob job;
    private volatile boolean allSent;
    private volatile long cancelSeenMs;
    private volatile long lastProgressMs;
    private GrouplessReader reader;

    /** @param attempt 0 for the first send, then one more per retry after a rate limit */
    private record Sent(String customId, GatewayRequest request, int attempt) {}

    BatchRun(BatchContext context, BatchJob job, Caller caller) {
        this.context = context;
        this.job = job;
        this.caller = caller;
        Integer tenantMax = caller.tenant().limits().maxConcurrentRequests();
        this.slots = new Semaphore(tenantMax == null ? MAX_IN_FLIGHT : Math.clamp(tenantMax / 2, 1, MAX_IN_FLIGHT));
    }

    String id() {
        return job.batch().id();
    }

    /** Validates the input and sends its requests; returns when all are sent (answers come later). */
    void run() {
        try {
            Optional<byte[]> content = context.files().find(job.tenantId(), job.batch().inputFileId())
                    .flatMap(context.files()::content);
            if (content.isEmpty()) {
                fail("invalid_file", "The input file '" + job.batch().inputFileId() + "' cannot be read.");
                return;
            }
            BatchInput input = BatchInput.parse(content.get(), job.batch().endpoint());
            if (input.total() == 0) {
                fail("empty_file", "The input file has no requests.");
                return;
            }
            for (BatchInput.Malformed line : input.malformed()) {
                record(line.line(), ResultLine.malformed(requestId(line.line()), line));
            }
            List<BatchObject.ErrorItem> listed = input.malformed().stream().limit(MAX_LISTED_ERRORS)
                    .map(line -> new BatchObject.ErrorItem(line.code(), line.message(), null, line.line())).toList();
            write(job.batch().withErrors(BatchObject.Errors.of(listed)).at(BatchObject.IN_PROGRESS, nowSeconds())
                    .with(BatchObject.IN_PROGRESS, counts(input.total())));
            PipelineTopics.ensure(context.config(), job.resultTopic());
            reader = new GrouplessReader(context.config().kafka(), job.resultTopic(), "batch-" + id(),
                    GrouplessReader.StartAt.BEGINNING, this::onReply, this::afterPoll, "batch " + id() + " waits");
            reader.start();
            int sent = send(input);
            log.info("batch {}: {} of {} requests sent, {} malformed lines", id(), sent, input.requests().size(),
                    input.malformed().size());
        } catch (RuntimeException e) {
            log.error("batch {} failed", id(), e);
            fail("internal_error", "The batch could not be run: " + e.getMessage());
        }
    }

    /** Sends the lines until all are sent or the job is cancelled; returns how many were sent. */
    private int send(BatchInput input) {
        BatchRequests requests = context.requests(job.resultTopic());
        long deadlineMs = job.batch().expiresAt() * 1000;
        int sent = 0;
        for (BatchInput.Line line : input.requests()) {
            if (cancelSeenMs != 0) {
                break;
            }
            GatewayRequest request;
            try {
                request = requests.map(caller, line.body(), requestId(line.line()), deadlineMs);
            } catch (ApiError e) {
                record(line.line(), ResultLine.refused(line.customId(), requestId(line.line()), e));
                continue;
            }
            if (!slots.tryAcquire()) {
                slots.acquireUninterruptibly();
            }
            send(line.line(), new Sent(line.customId(), request, 0));
            sent++;
        }
        allSent = true;
        return sent;
    }

    private void send(int line, Sent sent) {
        outstanding.put(line, sent);
        context.publisher().publish(sent.request(), e -> answer(line, sent, ResultLine.refused(sent.customId(),
                sent.request().requestId(), ApiError.unavailable("The request could not be queued: " + e.getMessage()))));
    }

    /** Records the line's result if {@code sent} is still what the line waits for. */
    private void answer(int line, Sent sent, ResultLine result) {
        if (outstanding.remove(line, sent)) {
            record(line, result);
            slots.release();
        }
    }

    private void onReply(ConsumerRecord<String, byte[]> record) {
        Reply reply = replies.deserialize(record.topic(), record.value());
        if (reply == null || !reply.kind().isTerminal()) {
            return;
        }
        Integer line = lineOf(reply.requestId());
        Sent sent = line == null ? null : outstanding.get(line);
        if (sent == null || !sent.request().requestId().equals(reply.requestId())) {
            return; // a duplicate, or an earlier attempt's reply: the line is answered or sent again already
        }
        if (rateLimited(reply) && sent.attempt() + 1 < MAX_ATTEMPTS && cancelSeenMs == 0) {
            Sent retry = new Sent(sent.customId(), BatchRequests.withId(sent.request(),
                    requestId(line) + "." + (sent.attempt() + 1)), sent.attempt() + 1);
            if (outstanding.replace(line, sent, retry)) {
                long delayMs = Math.clamp(reply.error().retryAfterMs() == null ? 1000 : reply.error().retryAfterMs(),
                        MIN_RETRY_MS, MAX_RETRY_MS);
                Thread.ofVirtual().name("batch-retry-" + retry.request().requestId()).start(() -> {
                    sleep(delayMs);
                    send(line, retry);
                });
            }
            return;
        }
        answer(line, sent, ResultLine.answered(sent.customId(), sent.request(), reply, context.clock().millis()));
    }

    /** A rate limit passes: the line is worth sending again. A budget (insufficient_quota) does not within a job. */
    private static boolean rateLimited(Reply reply) {
        return reply.kind() == ReplyKind.ERROR && reply.error().status() == 429
                && RATE_LIMIT_CODE.equals(reply.error().code());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(int line, ResultLine result) {
        if (results.putIfAbsent(line, result) == null) {
            (result.succeeded() ? completed : failed).incrementAndGet();
        }
    }

    /** On the reader's thread after each poll: progress, cancellation, the end. */
    private void afterPoll() {
        if (finishing.get()) {
            return;
        }
        long now = context.clock().millis();
        BatchJob latest = context.jobs().find(job.tenantId(), id()).orElse(job);
        if (cancelSeenMs == 0 && BatchObject.CANCELLING.equals(latest.batch().status())) {
            cancelSeenMs = now;
            job = latest;
        }
        boolean answered = allSent && outstanding.isEmpty();
        boolean cancelOver = cancelSeenMs != 0 && (answered || now - cancelSeenMs > CANCEL_GRACE.toMillis());
        boolean expired = now >= job.batch().expiresAt() * 1000;
        if (cancelOver || answered || expired) {
            String end = cancelSeenMs != 0 ? BatchObject.CANCELLED : expired ? BatchObject.EXPIRED : BatchObject.COMPLETED;
            if (finishing.compareAndSet(false, true)) {
                Thread.ofVirtual().name("batch-finish-" + id()).start(() -> finish(end));
            }
        } else if (now - lastProgressMs >= PROGRESS_EVERY.toMillis()) {
            lastProgressMs = now;
            BatchObject.RequestCounts counts = counts(job.batch().requestCounts().total());
            if (!counts.equals(job.batch().requestCounts())) {
                write(job.batch().with(job.batch().status(), counts));
            }
        }
    }

    /** Writes the output and error files, then the job's end state, and stops reading. */
    private void finish(String end) {
        try {
            int total = job.batch().requestCounts().total();
            write(job.batch().at(BatchObject.FINALIZING, nowSeconds()).with(BatchObject.FINALIZING, counts(total)));
            reader.close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            for (ResultLine line : new TreeMap<>(results).values()) {
                ByteArrayOutputStream file = line.succeeded() ? output : errors;
                file.writeBytes(BatchJson.write(line));
                file.write('\n');
            }
            String outputId = output.size() == 0 ? null : store(output.toByteArray(), "output");
            String errorId = errors.size() == 0 ? null : store(errors.toByteArray(), "errors");
            write(job.batch().withFiles(outputId, errorId).at(end, nowSeconds()).with(end, counts(total)));
            log.info("batch {} {}: {} completed, {} failed", id(), end, completed.get(), failed.get());
            PipelineTopics.deleteQuietly(context.config(), job.resultTopic(), Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.error("batch {} could not be finalized", id(), e);
            fail("internal_error", "The batch's results could not be stored: " + e.getMessage());
        } finally {
            context.finished(this);
        }
    }

    private String store(byte[] content, String kind) {
        return context.files().store(job.tenantId(), BatchIds.file(), id() + "_" + kind + ".jsonl",
                FileObject.PURPOSE_BATCH_OUTPUT, content, nowSeconds()).id();
    }

    private void fail(String code, String message) {
        BatchObject.Errors errors = BatchObject.Errors.of(List.of(new BatchObject.ErrorItem(code, message, null, null)));
        write(job.batch().withErrors(errors).at(BatchObject.FAILED, nowSeconds()));
        if (reader != null) {
            reader.close();
        }
        context.finished(this);
    }

    private synchronized void write(BatchObject batch) {
        BatchJob next = job.next(batch);
        context.jobs().put(next);
        job = next;
    }

    private BatchObject.RequestCounts counts(int total) {
        return new BatchObject.RequestCounts(total, completed.get(), failed.get());
    }

    private long nowSeconds() {
        return context.clock().millis() / 1000;
    }

    /**
     * The request id of an input line: the batch id and the line number, so a reply names its
     * line (a retry adds {@code .<attempt>}).
     */
    private String requestId(int line) {
        return id() + "-" + line;
    }

    private Integer lineOf(String requestId) {
        String prefix = id() + "-";
        if (!requestId.startsWith(prefix)) {
            return null;
        }
        String rest = requestId.substring(prefix.length());
        int retry = rest.indexOf('.');
        try {
            return Integer.valueOf(retry < 0 ? rest : rest.substring(0, retry));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Stops reading without finishing: the instance is shutting down. */
    void stop() {
        if (reader != null) {
            reader.close();
        }
    }

}
