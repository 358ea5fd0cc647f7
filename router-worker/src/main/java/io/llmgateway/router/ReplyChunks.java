package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.router.resilience.CallerStream;
import io.llmgateway.safety.StreamGuard;
import io.llmgateway.schemas.GatewayRequest;
import java.time.Clock;

/**
 * A streaming caller's side of routing: the first delta from whichever deployment ends up
 * streaming opens a {@link StreamRelay} for that deployment, which sends every piece on as a
 * chunk. Fallback never switches deployments after that (the chain stops at the first failure
 * once a chunk was sent), so one relay serves the whole stream. Text passes through the
 * request's {@link StreamGuard} first: held back a little, redacted, or stopped when blocked.
 */
final class ReplyChunks implements CallerStream {

    private final TopicPublisher publisher;
    private final GatewayRequest request;
    private final Clock clock;
    private final long startedMs;
    private final StreamGuard guard;
    private StreamRelay relay;
    private Deployment streaming;

    ReplyChunks(TopicPublisher publisher, GatewayRequest request, Clock clock, long startedMs, StreamGuard guard) {
        this.guard = guard;
        this.publisher = publisher;
        this.request = request;
        this.clock = clock;
        this.startedMs = startedMs;
    }

    @Override
    public synchronized void send(Deployment from, ChatDelta delta) {
        streaming = from;
        ChatDelta passed = new ChatDelta(guard.accept(delta.text()), delta.toolCalls());
        if (!passed.isEmpty()) {
            relay(from, passed);
        }
    }

    /** Sends what the guard still holds, at the end of the provider's stream. */
    synchronized void flush() {
        String rest = guard.finish();
        if (!rest.isEmpty() && streaming != null) {
            relay(streaming, ChatDelta.text(rest));
        }
    }

    StreamGuard guard() {
        return guard;
    }

    private void relay(Deployment from, ChatDelta delta) {
        if (relay == null) {
            relay = new StreamRelay(publisher, request, RequestRouter.ATTEMPT, from.model(), from.provider(), clock,
                    startedMs);
        }
        relay.onDelta(delta);
    }

    /** The sequence number of the terminal reply: right after every chunk sent. */
    synchronized int nextSequence() {
        return relay == null ? 0 : relay.nextSequence();
    }

    /** Output tokens of the pieces sent, estimated (a stream cut short has no usage from the provider). */
    synchronized int estimatedOutputTokens() {
        return relay == null ? 0 : relay.estimatedOutputTokens();
    }

    void awaitSent() throws InterruptedException {
        StreamRelay sent;
        synchronized (this) {
            sent = relay;
        }
        if (sent != null) {
            sent.awaitSent();
        }
    }
}
