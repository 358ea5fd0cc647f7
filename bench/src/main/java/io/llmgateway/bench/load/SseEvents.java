package io.llmgateway.bench.load;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a Server-Sent Events body line by line: notes when the first {@code data:} event came
 * (time to first token), counts the chunks that carry content, and whether the stream ended with
 * OpenAI's {@code data: [DONE]}.
 *
 * <p>Optionally keeps a gauge of the streams that are open: counted from their first
 * {@code data:} event until their body ends, one way or another.
 */
final class SseEvents implements Flow.Subscriber<String> {

    private final int expectedContentChunks;
    private final AtomicInteger open;
    private final AtomicBoolean counted = new AtomicBoolean();
    private volatile long firstDataNanos;
    private volatile boolean done;
    private volatile int contentChunks;

    SseEvents() {
        this(-1, null);
    }

    /**
     * @param expectedContentChunks chunks with non-empty content a whole answer has; a stream
     *     with fewer was cut short and fails; -1 does not check
     * @param open the gauge of open streams to keep, or null
     */
    SseEvents(int expectedContentChunks, AtomicInteger open) {
        this.expectedContentChunks = expectedContentChunks;
        this.open = open;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (!line.startsWith("data:")) {
            return;
        }
        if (line.substring(5).strip().equals("[DONE]")) {
            done = true;
            return;
        }
        if (firstDataNanos == 0) {
            firstDataNanos = System.nanoTime();
            if (open != null && counted.compareAndSet(false, true)) {
                open.incrementAndGet();
            }
        }
        // The ingress writes compact JSON: a content piece is "content":"<text>"; the role chunk's
        // "content":"" and the finish chunk's empty delta carry none. Lines come one at a time.
        if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
            contentChunks++;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The response future fails with the same error; only the gauge has to know.
        ended();
    }

    @Override
    public void onComplete() {
        // The answer is read once the response future completes, after this.
        ended();
    }

    private void ended() {
        if (open != null && counted.compareAndSet(true, false)) {
            open.decrementAndGet();
        }
    }

    int contentChunks() {
        return contentChunks;
    }

    /** A stream that ended without [DONE], or with fewer chunks than expected, was cut: a failure, even with a 200. */
    Answer answer() {
        ended();
        if (!done) {
            return Answer.failed("stream ended without [DONE]");
        }
        if (firstDataNanos == 0) {
            return Answer.failed("stream had no data event");
        }
        if (expectedContentChunks >= 0 && contentChunks != expectedContentChunks) {
            return Answer.failed(contentChunks < expectedContentChunks ? "stream cut short (fewer chunks)"
                    : "stream had more chunks than expected");
        }
        return Answer.streamed(firstDataNanos);
    }
}
