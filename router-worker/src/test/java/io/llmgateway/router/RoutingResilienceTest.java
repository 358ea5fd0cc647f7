package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmgateway.common.config.CircuitBreakerSettings;
import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ResilienceSettings;
import io.llmgateway.common.config.RetrySettings;
import io.llmgateway.common.config.TimeLimitSettings;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing, retries, fallback, time limits and the circuit breaker, against mock providers with
 * injected failures and a real broker. Deployments of the alias {@code m}: "primary" at
 * priority 0, "secondary" at priority 1 unless a test says otherwise. Each test logs one line of
 * the table scenario | what the caller saw | provider calls | time to answer.
 */
class RoutingResilienceTest {

    private static final Logger log = LoggerFactory.getLogger(RoutingResilienceTest.class);

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /**
     * Small limits: a test waits for them. Not smaller than a second: two cores busy with other
     * builds can delay a healthy first token by hundreds of milliseconds. An open breaker waits
     * 3 s: at 400 ms, the request meant to be rejected while it is open came after the wait on a
     * loaded CI machine and was let through as the half-open trial.
     */
    private static final ResilienceSettings FAST = new ResilienceSettings(
            new CircuitBreakerSettings(50f, 100f, Duration.ofSeconds(5), 4, 4, Duration.ofSeconds(3), 1),
            new RetrySettings(2, Duration.ofMillis(20), 2.0, 0.0, Duration.ofMillis(100), Duration.ofSeconds(2)),
            new TimeLimitSettings(Duration.ofSeconds(1), Duration.ofSeconds(1)), null);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private MockProviderServer mock(MockBehavior behavior) {
        MockProviderServer server = MockProviderServer.onFreePort(behavior).start();
        closing.add(server);
        return server;
    }

    /** Streams at 200 tokens/s so that a stream has gaps to fail in. */
    private static final MockBehavior STREAMING = MockBehavior.DEFAULT.withTokensPerSecond(200);

    /**
     * 20 tokens/s: before a dropped connection, so that the tokens sent before it are read before
     * the reset (a reset can discard bytes still in flight).
     */
    private static final MockBehavior PACED = MockBehavior.DEFAULT.withTokensPerSecond(20);

    /**
     * These tests follow the provider's pieces one by one (sequence numbers, which piece came before
     * a cut): output filtering's hold-back window, which merges pieces, is off here
     * ({@link RouterContentFilterTest} covers it).
     */
    private static final ContentSafetySettings PIECE_BY_PIECE = new ContentSafetySettings(null, null, null, null, null, 0);

    private RouterHarness harness(RouterHarness.Builder builder) throws Exception {
        RouterHarness harness = builder.contentSafety(PIECE_BY_PIECE).build();
        closing.add(harness);
        harness.startRouter();
        return harness;
    }

    private RouterHarness primaryAndSecondary(MockProviderServer primary, MockProviderServer secondary)
            throws Exception {
        return harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("primary", primary.baseUrl())
                .provider("secondary", secondary.baseUrl())
                .deployment(new Deployment("primary", "gpt-a", 0, 1))
                .deployment(new Deployment("secondary", "gpt-b", 1, 1))
                .resilience(FAST));
    }

    private record Answer(Reply terminal, List<Reply> chunks, UsageRecord usage, long millis) {}

    private static Answer ask(RouterHarness harness, GatewayRequest request, String scenario) throws Exception {
        long started = System.nanoTime();
        harness.send(request);
        List<Reply> replies = harness.repliesOf(request);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Reply terminal = replies.stream().filter(r -> r.kind().isTerminal()).findFirst().orElseThrow();
        UsageRecord usage = harness.usage(request);
        List<Reply> chunks = replies.stream().filter(r -> r.kind() == ReplyKind.CHUNK).toList();
        log.info("TABLE | {} | {} | {} | {} ms", scenario, terminal.kind() == ReplyKind.FINAL
                ? "200 from " + terminal.provider() + (chunks.isEmpty() ? "" : " after " + chunks.size() + " chunks")
                : (chunks.isEmpty() ? "" : chunks.size() + " chunks then ") + terminal.error().status() + " "
                        + terminal.error().code(), usage.attempts(), millis);
        return new Answer(terminal, chunks, usage, millis);
    }

    @Test
    void aPrimaryReturning500sIsRetriedThenTheSecondaryAnswers() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.failingFraction(1.0, 500));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "primary returns 500s");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("secondary");
        assertThat(answer.terminal().content()).isEqualTo("one two three four five");
        assertThat(primary.chatRequests()).isEqualTo(2); // max_attempts 2
        assertThat(answer.usage().outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(answer.usage().fallbackUsed()).isTrue();
        assertThat(answer.usage().attempts()).isEqualTo(3);
        assertThat(answer.usage().provider()).isEqualTo("secondary");
        assertThat(answer.usage().modelRequested()).isEqualTo("m");
        assertThat(answer.usage().modelServed()).isEqualTo("gpt-b");
        assertThat(answer.usage().ttftMs()).isNotNull();
        assertThat(answer.usage().usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void a429WithRetryAfterIsRetriedOnTheSameDeploymentAfterTheWait() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.withRetryAfterMs(700).failingNext(1, 429));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "429 with retry-after-ms 700");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("primary");
        assertThat(primary.chatRequests()).isEqualTo(2);
        assertThat(secondary.chatRequests()).isZero();
        assertThat(answer.usage().fallbackUsed()).isFalse();
        assertThat(answer.usage().attempts()).isEqualTo(2);
        // The backoff alone is 20 ms (no jitter): only the provider's retry-after explains the wait.
        assertThat(answer.usage().latencyMs()).isBetween(700L, 700L + 2_000L);
    }

    @Test
    void aRetryAfterLongerThanTheCapFallsBackAtOnce() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.withRetryAfter(Duration.ofSeconds(30))
                .failingNext(1, 429));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "429 with retry-after 30s (cap 2s)");

        assertThat(answer.terminal().provider()).isEqualTo("secondary");
        assertThat(primary.chatRequests()).isEqualTo(1);
        assertThat(answer.usage().latencyMs()).isLessThan(10_000L); // far below the 30 s asked for
    }

    @Test
    void aRefusedConnectionFallsBack() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("primary", "http://127.0.0.1:" + closedPort + "/v1")
                .provider("secondary", secondary.baseUrl())
                .deployment(new Deployment("primary", "gpt-a", 0, 1))
                .deployment(new Deployment("secondary", "gpt-b", 1, 1))
                .resilience(FAST));

        Answer answer = ask(harness, harness.request(false), "connection refused");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("secondary");
        assertThat(answer.usage().attempts()).isEqualTo(3);
        assertThat(answer.usage().fallbackUsed()).isTrue();
    }

    @Test
    void noFirstTokenWithinTheLimitFallsBackWithoutWaitingForTheSlowProvider() throws Exception {
        MockProviderServer primary = mock(STREAMING.withLatency(Duration.ofSeconds(5)));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(true), "no first token within 1 s");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("secondary");
        assertThat(answer.chunks()).extracting(Reply::provider).containsOnly("secondary");
        assertThat(String.join("", answer.chunks().stream().map(Reply::delta).toList()))
                .isEqualTo("one two three four five");
        // Two tries of 1 s each and the secondary: waiting for the primary would take 2 x 5 s.
        assertThat(answer.usage().latencyMs()).isLessThan(8_000L);
        assertThat(answer.usage().attempts()).isEqualTo(3);
        assertThat(harness.meters.get("resilience4j.timelimiter.calls").tag("name", "primary/gpt-a:first-token")
                .tag("kind", "timeout").counter().count()).isEqualTo(2.0);
    }

    @Test
    void aStallMidStreamEndsTheStreamWithAnErrorAndNeverSwitches() throws Exception {
        MockProviderServer primary = mock(STREAMING.stallingNext(1, 2));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(true), "stall mid-stream (streaming caller)");

        assertThat(answer.chunks()).extracting(Reply::delta).containsExactly("one ", "two ");
        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(answer.terminal().sequence()).isEqualTo(2);
        assertThat(answer.terminal().error().status()).isEqualTo(502);
        assertThat(answer.terminal().error().code()).isEqualTo("stream_interrupted");
        assertThat(answer.terminal().error().message()).contains("chunk_gap_timeout");
        assertThat(secondary.chatRequests()).isZero();
        assertThat(primary.chatRequests()).isEqualTo(1);
        assertThat(answer.usage().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.usage().errorCode()).isEqualTo("stream_interrupted");
        assertThat(answer.usage().usage().outputTokens()).isPositive();
    }

    @Test
    void aStallBeforeTheCallerSawAnythingIsRetriedTransparently() throws Exception {
        MockProviderServer primary = mock(STREAMING.stallingNext(1, 2));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "stall mid-stream (non-streaming caller)");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("primary");
        assertThat(answer.terminal().content()).isEqualTo("one two three four five");
        assertThat(answer.usage().attempts()).isEqualTo(2);
    }

    @Test
    void aCutMidStreamEndsTheStreamWithAnErrorAndNeverSwitches() throws Exception {
        MockProviderServer primary = mock(PACED.cuttingNext(1, 3));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(true), "cut mid-stream (streaming caller)");

        assertThat(answer.chunks()).extracting(Reply::delta).containsExactly("one ", "two ", "three ");
        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(answer.terminal().error().code()).isEqualTo("stream_interrupted");
        assertThat(answer.terminal().error().message()).contains("bad_response");
        assertThat(secondary.chatRequests()).isZero();
    }

    @Test
    void aMalformedEventBeforeAnyTextFallsBackAndTheCallerSeesOneCleanStream() throws Exception {
        MockProviderServer primary = mock(STREAMING.malformedNext(100, 0));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(true), "malformed SSE before the first token");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("secondary");
        assertThat(answer.chunks()).extracting(Reply::sequence).containsExactly(0, 1, 2, 3, 4);
        assertThat(answer.terminal().sequence()).isEqualTo(5);
        assertThat(primary.chatRequests()).isEqualTo(2);
    }

    @Test
    void aMalformedEventMidStreamEndsTheStreamWithAnError() throws Exception {
        MockProviderServer primary = mock(PACED.malformedNext(1, 2));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(true), "malformed SSE mid-stream (streaming caller)");

        assertThat(answer.chunks()).hasSize(2);
        assertThat(answer.terminal().error().code()).isEqualTo("stream_interrupted");
        assertThat(secondary.chatRequests()).isZero();
    }

    @Test
    void whenEveryDeploymentIsDownTheCallerGetsA503ListingTheAttempts() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.failingFraction(1.0, 500));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT.failingFraction(1.0, 503));
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "all deployments down");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.ERROR);
        assertThat(answer.terminal().error().status()).isEqualTo(503);
        assertThat(answer.terminal().error().code()).isEqualTo("all_deployments_failed");
        assertThat(answer.terminal().error().message())
                .contains("primary/gpt-a: HTTP 500 server_error")
                .contains("secondary/gpt-b: HTTP 503 overloaded")
                .doesNotContain("sk-");
        assertThat(answer.usage().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(answer.usage().attempts()).isEqualTo(4);
        assertThat(answer.usage().errorCode()).isEqualTo("all_deployments_failed");
    }

    @Test
    void theCircuitOpensAfterTheThresholdRejectsFastThenHalfOpensAndCloses() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.failingFraction(1.0, 500));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = primaryAndSecondary(primary, secondary);
        Deployment primaryDeployment = new Deployment("primary", "gpt-a", 0, 1);
        CircuitBreaker breaker = harness.router().resilience().circuitBreaker(primaryDeployment);

        // Two requests, two calls each: the window of 4 is full of failures and the breaker opens.
        for (int i = 0; i < 2; i++) {
            assertThat(ask(harness, harness.request(false), "circuit: failing call " + (i + 1)).terminal().provider())
                    .isEqualTo("secondary");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(primary.chatRequests()).isEqualTo(4);

        Answer whileOpen = ask(harness, harness.request(false), "circuit open: rejected fast");
        assertThat(whileOpen.terminal().provider()).isEqualTo("secondary");
        assertThat(primary.chatRequests()).isEqualTo(4); // not called
        assertThat(whileOpen.usage().attempts()).isEqualTo(1);
        assertThat(harness.meters.get("resilience4j.circuitbreaker.not.permitted.calls").tag("name", "primary/gpt-a")
                .counter().count()).isEqualTo(1.0);

        primary.behave(MockBehavior.DEFAULT);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            // Once the wait in open is over, the next call is the half-open trial.
            return breaker.tryAcquirePermission() && releaseTrial(breaker);
        });
        Answer trial = ask(harness, harness.request(false), "circuit half-open: trial call succeeds");
        assertThat(trial.terminal().provider()).isEqualTo("primary");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(harness.meters.get("resilience4j.circuitbreaker.state").tag("name", "primary/gpt-a")
                .tag("state", "closed").gauge().value()).isEqualTo(1.0);
    }

    /** Gives back the permission taken to find out that the breaker is half-open. */
    private static boolean releaseTrial(CircuitBreaker breaker) {
        breaker.releasePermission();
        return breaker.getState() == CircuitBreaker.State.HALF_OPEN;
    }

    @Test
    void aContextLengthErrorFallsBackOnlyToALargerWindow() throws Exception {
        MockProviderServer small = mock(MockBehavior.DEFAULT.withErrorCode("context_length_exceeded")
                .failingFraction(1.0, 400));
        MockProviderServer sameSize = mock(MockBehavior.DEFAULT);
        MockProviderServer large = mock(MockBehavior.DEFAULT);
        RouterHarness harness = harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("small", small.baseUrl())
                .provider("same-size", sameSize.baseUrl())
                .provider("large", large.baseUrl())
                .deployment(new Deployment("small", "gpt-8k", 0, 1, 8_192, false))
                .deployment(new Deployment("same-size", "other-8k", 1, 1, 8_192, false))
                .deployment(new Deployment("large", "gpt-128k", 2, 1, 128_000, false))
                .resilience(FAST));

        Answer answer = ask(harness, harness.request(false), "context length exceeded on the 8k deployment");

        assertThat(answer.terminal().kind()).isEqualTo(ReplyKind.FINAL);
        assertThat(answer.terminal().provider()).isEqualTo("large");
        assertThat(small.chatRequests()).isEqualTo(1); // never retried
        assertThat(sameSize.chatRequests()).isZero();
        assertThat(answer.usage().fallbackUsed()).isTrue();
        assertThat(answer.usage().attempts()).isEqualTo(2);
    }

    @Test
    void theDeadlineStopsACallInProgressAndNoFurtherAttemptStarts() throws Exception {
        MockProviderServer primary = mock(STREAMING.withLatency(Duration.ofSeconds(10)));
        MockProviderServer secondary = mock(STREAMING);
        RouterHarness harness = harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("primary", primary.baseUrl())
                .provider("secondary", secondary.baseUrl())
                .deployment(new Deployment("primary", "gpt-a", 0, 1))
                .deployment(new Deployment("secondary", "gpt-b", 1, 1))
                .resilience(new ResilienceSettings(null, FAST.retry(),
                        new TimeLimitSettings(Duration.ofSeconds(30), Duration.ofSeconds(30)), null)));

        harness.warmUp();
        Answer answer = ask(harness, harness.request(false, null, 2_000), "deadline (2 s) passes during the call");

        assertThat(answer.terminal().error().status()).isEqualTo(504);
        assertThat(answer.terminal().error().code()).isEqualTo("deadline_exceeded");
        assertThat(answer.terminal().error().message()).contains("primary/gpt-a: deadline");
        assertThat(secondary.chatRequests()).isZero();
        assertThat(answer.usage().outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(answer.usage().latencyMs()).isLessThan(6_000L); // the provider would take 10 s
    }

    @Test
    void aBadRequestIsNeitherRetriedNorFallenBack() throws Exception {
        MockProviderServer primary = mock(MockBehavior.DEFAULT.failingFraction(1.0, 400));
        MockProviderServer secondary = mock(MockBehavior.DEFAULT);
        RouterHarness harness = primaryAndSecondary(primary, secondary);

        Answer answer = ask(harness, harness.request(false), "bad request (400)");

        assertThat(answer.terminal().error().status()).isEqualTo(400);
        assertThat(answer.terminal().error().type()).isEqualTo("invalid_request_error");
        assertThat(primary.chatRequests()).isEqualTo(1);
        assertThat(secondary.chatRequests()).isZero();
    }

    @Test
    void aContentFilterFallsBackOnlyWhereConfigured() throws Exception {
        MockProviderServer strict = mock(MockBehavior.DEFAULT.withErrorCode("content_filter")
                .failingFraction(1.0, 400));
        MockProviderServer other = mock(MockBehavior.DEFAULT);
        RouterHarness refusing = harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("strict", strict.baseUrl()).provider("other", other.baseUrl())
                .deployment(new Deployment("strict", "gpt-a", 0, 1, null, false))
                .deployment(new Deployment("other", "gpt-b", 1, 1))
                .resilience(FAST));
        Answer refused = ask(refusing, refusing.request(false), "content filtered, no fallback configured");
        assertThat(refused.terminal().error().code()).isEqualTo("content_filter");
        assertThat(other.chatRequests()).isZero();

        RouterHarness fallingBack = harness(RouterHarness.on(KAFKA.bootstrapServers())
                .provider("strict", strict.baseUrl()).provider("other", other.baseUrl())
                .deployment(new Deployment("strict", "gpt-a", 0, 1, null, true))
                .deployment(new Deployment("other", "gpt-b", 1, 1))
                .resilience(FAST));
        Answer served = ask(fallingBack, fallingBack.request(false), "content filtered, fallback configured");
        assertThat(served.terminal().provider()).isEqualTo("other");
        assertThat(served.terminal().finishReason()).isEqualTo(FinishReason.STOP);
    }
}
