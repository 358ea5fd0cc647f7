package io.llmgateway.mock;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /v1/chat/completions}, JSON or Server-Sent Events, with the current
 * {@link MockBehavior}'s pace and faults. Each request runs on its own virtual thread (Helidon
 * SE 4), so sleeping here is how latency and tokens per second are made.
 */
final class ChatCompletionsHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    /** A hanging request gives up after this, so a forgotten fault cannot pin a thread for ever. */
    private static final Duration MAX_HANG = Duration.ofMinutes(10);

    private static final HeaderName TRACEPARENT = HeaderNames.create(Tracing.TRACEPARENT);

    private final FaultSelector faults;
    private final CountDownLatch stopping;
    private final Clock clock;
    private final AtomicLong received = new AtomicLong();
    /** Calls being answered now, and the most ever at once: lets tests prove concurrency without timing. */
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger peakAnswering = new AtomicInteger();
    private final AtomicReference<String> lastTraceparent = new AtomicReference<>();

    ChatCompletionsHandler(FaultSelector faults, CountDownLatch stopping, Clock clock) {
        this.faults = faults;
        this.stopping = stopping;
        this.clock = clock;
    }

    long received() {
        return received.get();
    }

    /** The caller's trace (its {@code traceparent}) is the {@code trace_id} of the call's log lines. */
    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        received.incrementAndGet();
        peakAnswering.accumulateAndGet(answering.incrementAndGet(), Math::max);
        Optional<String> traceparent = req.headers().first(TRACEPARENT);
        traceparent.ifPresent(lastTraceparent::set);
        traceparent.flatMap(Tracing::traceIdOf).ifPresent(traceId -> MDC.put(Stage.TRACE_ID, traceId));
        try {
            answerOrFail(req, res);
        } finally {
            answering.decrementAndGet();
            MDC.remove(Stage.TRACE_ID);
        }
    }

    /** The {@code traceparent} header of the latest call that had one: a test checks the gateway passes it on. */
    Optional<String> lastTraceparent() {
        return Optional.ofNullable(lastTraceparent.get());
    }

    int callsAnswering() {
        return answering.get();
    }

    int peakConcurrentCalls() {
        return peakAnswering.get();
    }

    void resetPeak() {
        peakAnswering.set(answering.get());
    }

    private void answerOrFail(ServerRequest req, ServerResponse res) throws Exception {
        ChatRequest chat;
        try {
            chat = ChatRequest.parse(OpenAiWire.read(req.content().inputStream().readAllBytes()));
        } catch (IllegalArgumentException e) {
            sendError(res, 400, new ErrorStatus("invalid_request_error", null, e.getMessage()), 0, 0);
            return;
        }
        FaultSelector.Decision decision = faults.next();
        MockBehavior behavior = decision.behavior();
        switch (decision.fault()) {
            case STATUS -> sendError(res, behavior.status(), ErrorStatus.of(behavior.status(), behavior.errorCode()),
                    behavior.status() == 429 ? behavior.retryAfterSeconds() : 0,
                    behavior.status() == 429 || behavior.status() == 503 ? behavior.retryAfterMs() : 0);
            case HANG -> hang();
            case CUT_STREAM, STALL_STREAM, MALFORMED_STREAM -> answer(res, chat, behavior, decision.fault(),
                    behavior.cutAfterTokens());
            case NONE -> answer(res, chat, behavior, Fault.NONE, -1);
        }
    }

    private void hang() throws InterruptedException {
        stopping.await(MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
        throw new ConnectionCut("hung request released");
    }

    /**
     * @param fault what happens after {@code faultAfterTokens} tokens: the connection is cut, the
     *     stream stalls, or a malformed event is sent; {@link Fault#NONE} answers whole
     */
    private void answer(ServerResponse res, ChatRequest chat, MockBehavior behavior, Fault fault,
                        int faultAfterTokens) throws IOException, InterruptedException {
        int cutAfterTokens = fault == Fault.NONE ? -1 : faultAfterTokens;
        List<String> tokens = TokenEstimate.split(behavior.response() != null ? behavior.response()
                : chat.lastUserText());
        String finishReason = "stop";
        if (chat.maxTokens() != null && tokens.size() > chat.maxTokens()) {
            tokens = tokens.subList(0, chat.maxTokens());
            finishReason = "length";
        }
        Answer answer = new Answer("chatcmpl-mock-" + UUID.randomUUID(), clock.instant().getEpochSecond(), chat,
                tokens, finishReason);
        if (chat.stream()) {
            stream(res, answer, behavior, fault, cutAfterTokens);
        } else if (fault == Fault.STALL_STREAM) {
            hang(); // a whole answer that never comes
        } else {
            respond(res, answer, behavior, cutAfterTokens);
        }
    }

    private record Answer(String id, long created, ChatRequest chat, List<String> tokens, String finishReason) {

        String content() {
            return String.join("", tokens);
        }
    }

    private void respond(ServerResponse res, Answer answer, MockBehavior behavior, int cutAfterTokens)
            throws IOException, InterruptedException {
        // The whole answer arrives at once, after the time to generate it.
        Pace pace = new Pace(behavior);
        pace.awaitToken(answer.tokens().size());
        byte[] body = OpenAiWire.completion(answer.id(), answer.created(), answer.chat().model(), answer.content(),
                answer.finishReason(), answer.chat().promptTokens(), answer.tokens().size());
        res.status(200).header("Content-Type", "application/json");
        if (cutAfterTokens < 0) {
            res.send(body);
            return;
        }
        // Not closed: closing would end the body properly; the cut must leave it unfinished.
        OutputStream out = res.outputStream();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new ConnectionCut("cut a JSON answer after " + body.length / 2 + " bytes");
    }

    private void stream(ServerResponse res, Answer answer, MockBehavior behavior, Fault fault, int cutAfterTokens)
            throws IOException, InterruptedException {
        ChatRequest chat = answer.chat();
        boolean usage = chat.includeUsage();
        Pace pace = new Pace(behavior);
        pace.awaitFirstToken();
        res.status(200)
                .header("Content-Type", "text/event-stream; charset=utf-8")
                .header("Cache-Control", "no-cache");
        // Closed only after [DONE]: a cut leaves the chunked body unfinished, as a dropped connection does.
        OutputStream out = res.outputStream();
        event(out, OpenAiWire.chunk(answer.id(), answer.created(), chat.model(), "assistant", "", null, usage));
        for (int i = 0; i < answer.tokens().size(); i++) {
            pace.awaitToken(i + 1);
            if (i == cutAfterTokens) { // when the next token was due
                failStream(out, fault, i);
            }
            event(out, OpenAiWire.chunk(answer.id(), answer.created(), chat.model(), null,
                    answer.tokens().get(i), null, usage));
        }
        if (cutAfterTokens >= 0) {
            failStream(out, fault, answer.tokens().size());
        }
        event(out, OpenAiWire.chunk(answer.id(), answer.created(), chat.model(), null, null,
                answer.finishReason(), usage));
        if (usage) {
            event(out, OpenAiWire.usageChunk(answer.id(), answer.created(), chat.model(), chat.promptTokens(),
                    answer.tokens().size()));
        }
        event(out, "[DONE]".getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    /** Ends a stream the way {@code fault} says, after {@code tokens} tokens; never returns normally. */
    private void failStream(OutputStream out, Fault fault, int tokens) throws IOException, InterruptedException {
        switch (fault) {
            case STALL_STREAM -> {
                log.debug("mock provider: stalling a stream after {} tokens", tokens);
                hang();
            }
            case MALFORMED_STREAM -> {
                event(out, "{\"id\": \"chatcmpl-mock\", \"choices\": [{\"delta\": ".getBytes(StandardCharsets.UTF_8));
                // Let the client read the bad event before the connection drops: a reset can make it
                // discard what it had buffered, and then the test sees a cut, not a malformed event.
                Thread.sleep(MALFORMED_GRACE.toMillis());
                throw new ConnectionCut("sent a malformed event after " + tokens + " tokens");
            }
            default -> throw new ConnectionCut("cut a stream after " + tokens + " tokens");
        }
    }

    /** One Server-Sent Event as OpenAI frames it: {@code data: <payload>} and a blank line. */
    private static void event(OutputStream out, byte[] payload) throws IOException {
        out.write(DATA);
        out.write(payload);
        out.write(END);
        out.flush();
    }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final Duration MALFORMED_GRACE = Duration.ofMillis(200);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private static void sendError(ServerResponse res, int status, ErrorStatus error, long retryAfterSeconds,
                                  long retryAfterMs) {
        res.status(status).header("Content-Type", "application/json");
        if (retryAfterSeconds > 0) {
            res.header("retry-after", Long.toString(retryAfterSeconds));
        }
        if (retryAfterMs > 0) {
            res.header("retry-after-ms", Long.toString(retryAfterMs));
        }
        res.send(OpenAiWire.error(error.message(), error.type(), error.code()));
    }

    /** Latency, then one token per 1/tokensPerSecond, measured from the start so sleeps do not drift. */
    private static final class Pace {
        private final long firstTokenAt;
        private final double nanosPerToken;

        Pace(MockBehavior behavior) {
            this.firstTokenAt = System.nanoTime() + behavior.latency().toNanos();
            this.nanosPerToken = behavior.tokensPerSecond() == 0 ? 0 : 1e9 / behavior.tokensPerSecond();
        }

        void awaitFirstToken() throws InterruptedException {
            sleepUntil(firstTokenAt);
        }

        /** Until token {@code n} (1-based) is generated; the first comes at the latency. */
        void awaitToken(int n) throws InterruptedException {
            sleepUntil(firstTokenAt + (long) (Math.max(0, n - 1) * nanosPerToken));
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long left = nanoTime - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    }

    /** Thrown to make Helidon drop the connection in the middle of an answer, as a failing provider would. */
    static final class ConnectionCut extends RuntimeException {
        ConnectionCut(String message) {
            super(message, null, false, false);
            log.debug("mock provider: {}", message);
        }
    }
}
