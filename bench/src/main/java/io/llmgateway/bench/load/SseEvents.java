package io.llmgateway.bench.load;

import java.util.concurrent.Flow;

/**
 * Reads a Server-Sent Events body line by line: notes when the first {@code data:} event came
 * (time to first token) and whether the stream ended with OpenAI's {@code data: [DONE]}.
 */
final class SseEvents implements Flow.Subscriber<String> {

    private volatile long firstDataNanos;
    private volatile boolean done;

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
        } else if (firstDataNanos == 0) {
            firstDataNanos = System.nanoTime();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The response future fails with the same error; nothing to add here.
    }

    @Override
    public void onComplete() {
        // The answer is read once the response future completes, after this.
    }

    /** A stream that ended without [DONE] was cut: a failure, even with a 200 status. */
    Answer answer() {
        if (!done) {
            return Answer.failed("stream ended without [DONE]");
        }
        return firstDataNanos == 0 ? Answer.failed("stream had no data event") : Answer.streamed(firstDataNanos);
    }
}
