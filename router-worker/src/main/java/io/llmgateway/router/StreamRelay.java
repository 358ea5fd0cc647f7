package io.llmgateway.router;

import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.provider.StreamListener;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.Future;

/**
 * Passes each piece of a provider's stream on to the caller's reply topic as a {@link Reply}
 * CHUNK the moment it arrives: same attempt, sequence 0, 1, 2, ... Sends do not wait for the
 * broker (that would add a round trip per token); they are awaited together before the handler
 * returns. Keyed by request id, every chunk and the final reply go to one partition in order.
 */
final class StreamRelay implements StreamListener {

    private final TopicPublisher publisher;
    private final Topic<String, Reply> replies;
    private final GatewayRequest request;
    private final int attempt;
    private final String model;
    private final String provider;
    private final Clock clock;
    private final long startedMs;
    /**
     * Chunk sends not yet known to have succeeded, oldest first. Acknowledged ones are dropped as
     * the stream goes (a long stream would otherwise hold one future per chunk to its end); failed
     * ones are kept for {@link #awaitSent()} to throw.
     */
    private final ArrayDeque<Future<?>> unconfirmed = new ArrayDeque<>();
    private final StringBuilder streamed = new StringBuilder();
    private int sequence;
    private Long firstTokenMs;

    /**
     * @param attempt identifies this try at an answer (readers compare it for equality)
     * @param startedMs when the worker took the request: time to first token counts from there
     */
    StreamRelay(TopicPublisher publisher, GatewayRequest request, int attempt, String model, String provider,
                Clock clock, long startedMs) {
        this.publisher = publisher;
        this.replies = Topics.replies(request.replyTopic());
        this.request = request;
        this.attempt = attempt;
        this.model = model;
        this.provider = provider;
        this.clock = clock;
        this.startedMs = startedMs;
    }

    @Override
    public void onDelta(ChatDelta delta) {
        long now = clock.millis();
        if (firstTokenMs == null) {
            firstTokenMs = now;
        }
        streamed.append(delta.text());
        delta.toolCalls().forEach(piece -> streamed.append(piece.name() == null ? "" : piece.name())
                .append(piece.arguments()));
        unconfirmed.addLast(publisher.send(replies, request.requestId(), Reply.chunk(request.requestId(), attempt,
                sequence++, model, provider, delta.text(), delta.toolCalls(), now)));
        // Sends to one partition complete in order: the acknowledged ones are at the head.
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().state() == Future.State.SUCCESS) {
            unconfirmed.pollFirst();
        }
    }

    /** Chunk sends held until they are known to have succeeded. */
    int unconfirmedSends() {
        return unconfirmed.size();
    }

    /** The sequence number the terminal reply takes: right after the last chunk. */
    int nextSequence() {
        return sequence;
    }

    int attempt() {
        return attempt;
    }

    /** Whether the caller may have seen part of an answer already: then the stream cannot start over elsewhere. */
    boolean began() {
        return sequence > 0;
    }

    /** Milliseconds from taking the request to the first piece of the answer; null when none came. */
    Long ttftMs() {
        return firstTokenMs == null ? null : Math.max(0, firstTokenMs - startedMs);
    }

    /**
     * Output tokens of what was streamed, for a stream that was stopped: providers report no usage
     * for a stream they did not finish, so this estimates about four characters per token.
     */
    int estimatedOutputTokens() {
        return Math.ceilDiv(streamed.length(), 4);
    }

    /** Waits until the broker has every chunk sent so far. */
    void awaitSent() throws InterruptedException {
        TopicPublisher.awaitAll(unconfirmed.toArray(Future<?>[]::new));
    }
}
