package io.llmgateway.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one streamed request's replies to its client as they come, in order and without
 * duplicates ({@link StreamSequencer}), in the caller's API format. The response head is held
 * back until the first reply (or the first keep-alive), so that a request refused before any
 * answer (rate limit, provider down) still gets a plain HTTP error the SDKs understand.
 *
 * <p>A client that goes away mid-stream is noticed at the next write (a piece of the answer or a
 * keep-alive); the driver then sends a cancel so the worker stops the provider call.
 */
final class StreamDriver {

    private static final Logger log = LoggerFactory.getLogger(StreamDriver.class);

    /** How long the stream may stay silent: also how soon a vanished client is noticed while waiting. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

    private final Pipeline pipeline;
    private final Clock clock;

    StreamDriver(Pipeline pipeline, Clock clock) {
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /**
     * @param format the caller's event format, writing to the response once it is opened
     * @throws ApiError when the request fails before any byte of the stream was sent
     */
    void run(GatewayRequest request, ServerResponse res, Function<SseOut, StreamFormat> format)
            throws InterruptedException {
        run(request, res, format, pipeline);
    }

    /** As {@link #run(GatewayRequest, ServerResponse, Function)}, through {@code pipeline} (an idempotent one). */
    void run(GatewayRequest request, ServerResponse res, Function<SseOut, StreamFormat> format, Pipeline pipeline)
            throws InterruptedException {
        ReplyStream replies = pipeline.stream(request);
        StreamSequencer order = new StreamSequencer();
        StreamFormat events = null;
        long startedMs = clock.millis();
        try {
            while (true) {
                long left = request.deadlineMs() - clock.millis();
                if (left <= 0) {
                    pipeline.cancel(request, "deadline_exceeded");
                    if (events == null) {
                        throw ApiError.timeout("The request timed out: no answer before its deadline.");
                    }
                    events.error(GatewayError.of(504, "timeout", "timeout", "No complete answer before the deadline."));
                    return;
                }
                Reply reply = replies.next(Duration.ofMillis(Math.min(left, KEEP_ALIVE.toMillis())));
                if (reply == null) {
                    if (events == null) {
                        events = open(res, format);
                    }
                    events.keepAlive();
                    continue;
                }
                List<Reply> ready;
                try {
                    ready = order.accept(reply);
                } catch (StreamSequencer.StreamRestarted e) {
                    log.warn("stream of {} restarted after {} chunks were sent; ending it with an error",
                            request.requestId(), "some");
                    events.error(new GatewayError(502, "provider_error", "stream_restarted",
                            "The answer's stream was interrupted and cannot be resumed; retry the request.", null));
                    return;
                }
                for (Reply next : ready) {
                    if (events == null) {
                        if (next.kind() == ReplyKind.ERROR) {
                            throw ApiError.fromPipeline(next.error());
                        }
                        events = open(res, format);
                        log.debug("first reply of {} after {} ms", request.requestId(), clock.millis() - startedMs);
                    }
                    switch (next.kind()) {
                        case CHUNK -> events.chunk(next);
                        case FINAL -> {
                            events.complete(next, order.began());
                            log.debug("streamed {} finish={} duplicates_dropped={} latency_ms={}", request.requestId(),
                                    next.finishReason(), order.duplicatesDropped(), clock.millis() - startedMs);
                            return;
                        }
                        case ERROR -> {
                            events.error(next.error());
                            return;
                        }
                    }
                }
            }
        } catch (SseOut.ClientGone e) {
            log.debug("client of {} went away mid-stream; cancelling its provider call", request.requestId());
            pipeline.cancel(request, "client_disconnected");
        } finally {
            pipeline.done(request);
        }
    }

    private static StreamFormat open(ServerResponse res, Function<SseOut, StreamFormat> format)
            throws SseOut.ClientGone {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        StreamFormat events = format.apply(new SseOut(res.outputStream(), io.llmgateway.ingress.openai.OpenAiJson.MAPPER));
        events.start();
        return events;
    }
}
