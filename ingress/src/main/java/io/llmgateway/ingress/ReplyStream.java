package io.llmgateway.ingress;

import io.llmgateway.schemas.Reply;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The replies of one streamed request as the reply consumer reads them (chunks and the terminal
 * reply, possibly repeated or out of order across attempts); the handler takes them in order
 * through a {@link StreamSequencer}.
 */
public final class ReplyStream {

    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private volatile Consumer<Reply> onTerminal = reply -> { };

    /** Also hands each terminal reply the handler takes to {@code hook} (to keep an idempotent request's answer). */
    void onTerminal(Consumer<Reply> hook) {
        this.onTerminal = hook;
    }

    void offer(Reply reply) {
        replies.add(reply);
    }

    /** The next reply read, or null when none came within {@code wait}. */
    public Reply next(Duration wait) throws InterruptedException {
        Reply reply = replies.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        if (reply != null && reply.kind().isTerminal()) {
            onTerminal.accept(reply);
        }
        return reply;
    }
}
