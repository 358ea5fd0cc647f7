package io.llmgateway.ingress;

import io.llmgateway.schemas.Reply;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The replies of one streamed request as the reply consumer reads them (chunks and the terminal
 * reply, possibly repeated or out of order across attempts); the handler takes them in order
 * through a {@link StreamSequencer}.
 */
public final class ReplyStream {

    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

    void offer(Reply reply) {
        replies.add(reply);
    }

    /** The next reply read, or null when none came within {@code wait}. */
    public Reply next(Duration wait) throws InterruptedException {
        return replies.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }
}
