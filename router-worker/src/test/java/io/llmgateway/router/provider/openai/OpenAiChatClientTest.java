package io.llmgateway.router.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter against the mock provider (and a bare JDK server where headers matter). */
class OpenAiChatClientTest {

    private static final String KEY = "sk-test-secret-1234567890";

    private static MockProviderServer mock;

    @BeforeAll
    static void startMock() {
        mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
    }

    @AfterAll
    static void stopMock() {
        mock.close();
    }

    @AfterEach
    void resetMock() {
        mock.reset();
    }

    private static OpenAiChatClient client(String baseUrl, Duration requestTimeout, String key) {
        ProviderConfig config = new ProviderConfig(ProviderType.OPENAI, URI.create(baseUrl), null,
                Duration.ofSeconds(1), requestTimeout);
        return new OpenAiChatClient("test-provider", config, key, OpenAiDialect.OPENAI, Clock.systemUTC());
    }

    private static ChatCall call(SamplingParams params, Duration untilDeadline) {
        return new ChatCall("gpt-test", List.of(ChatMessage.system("be brief"), ChatMessage.user("Hello there")),
                params, Instant.now().plus(untilDeadline));
    }

    private static ChatCall call() {
        return call(null, Duration.ofSeconds(10));
    }

    @Test
    void anAnswerIsNormalizedWithContentFinishReasonUsageAndModel() throws Exception {
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            ChatResult result = client.complete(call());

            assertThat(result.content()).isEqualTo("Hello there");
            assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(result.usage()).isEqualTo(new TokenUsage(4, 2, 0));
            assertThat(result.modelServed()).isEqualTo("gpt-test");
        }
    }

    @Test
    void maxTokensIsSentAndALengthStopIsReported() throws Exception {
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            ChatResult result = client.complete(call(new SamplingParams(0.0, null, 1, null, null),
                    Duration.ofSeconds(10)));

            assertThat(result.content()).isEqualTo("Hello ");
            assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @Test
    void anErrorStatusKeepsTheStatusAndTheProvidersCode() {
        mock.behave(MockBehavior.DEFAULT.failingNext(1, 404));
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.providerCode()).isEqualTo("model_not_found");
                        assertThat(e.getMessage()).startsWith("test-provider: ");
                    });
        }
    }

    @Test
    void aRateLimitCarriesTheProvidersRetryAfter() {
        mock.behave(MockBehavior.DEFAULT.failingNext(1, 429).withRetryAfter(Duration.ofSeconds(3)));
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.retryAfterMs()).isEqualTo(3000L);
                    });
        }
    }

    @Test
    void aProviderThatHangsTimesOutAfterTheRequestTimeout() {
        mock.behave(MockBehavior.DEFAULT.hangingNext(1));
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofMillis(300), null)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
        }
    }

    @Test
    void theRequestsDeadlineBoundsTheCallBelowTheRequestTimeout() {
        mock.behave(MockBehavior.DEFAULT.hangingNext(1));
        long started = System.nanoTime();
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(30), null)) {
            assertThatThrownBy(() -> client.complete(call(null, Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCallWhoseDeadlineHasPassedIsNotSent() {
        long before = mock.chatRequests();
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            assertThatThrownBy(() -> client.complete(call(null, Duration.ofMillis(-1))))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
        }
        assertThat(mock.chatRequests()).isEqualTo(before);
    }

    @Test
    void anAnswerCutOffMidwayIsABadResponse() {
        mock.behave(MockBehavior.DEFAULT.cuttingNext(1, 0));
        try (OpenAiChatClient client = client(mock.baseUrl(), Duration.ofSeconds(5), null)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiChatClient client = client("http://127.0.0.1:" + closedPort + "/v1", Duration.ofSeconds(5), null)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNREACHABLE));
        }
    }

    @Test
    void theKeyIsSentAsABearerTokenOnlyWhenSet() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = answering(200, "{\"model\":\"m\",\"choices\":[{\"message\":{\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}]}", authorization);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            try (OpenAiChatClient client = client(base, Duration.ofSeconds(5), KEY)) {
                assertThat(client.complete(call()).content()).isEqualTo("ok");
                assertThat(authorization.get()).isEqualTo("Bearer " + KEY);
            }
            try (OpenAiChatClient client = client(base, Duration.ofSeconds(5), null)) {
                client.complete(call());
                assertThat(authorization.get()).isNull();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theKeyNeverAppearsInAnErrorEvenWhenTheProviderEchoesIt() throws Exception {
        HttpServer server = answering(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + " (or sk-test****7890).\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
                new AtomicReference<>());
        try (OpenAiChatClient client = client("http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                Duration.ofSeconds(5), KEY)) {
            assertThatThrownBy(() -> client.complete(call()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTHENTICATION);
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("sk-test");
                    });
        } finally {
            server.stop(0);
        }
    }

    /** A bare HTTP server that records the Authorization header and answers with a fixed body. */
    private static HttpServer answering(int status, String body, AtomicReference<String> authorization)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
