package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-flight caps over real loopback HTTP: two requests per tenant, two per instance. The
 * pipeline is played by the test: a streamed request is never answered (it holds its slot until
 * its 10 s deadline or until its client goes away); "please throw" fails unexpectedly; "please
 * fail" fails as the pipeline does; anything else is answered at once.
 */
class InFlightLimitsHttpTest {

    private static final List<GatewayRequest> streaming = new CopyOnWriteArrayList<>();
    private static WebServer server;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        GatewayConfig config = TestConfigs.config("127.0.0.1:9",
                "  request_timeout: 10s\n  max_in_flight: 2\n  max_in_flight_per_tenant: 2");
        Pipeline pipeline = new Pipeline() {
            @Override
            public Reply send(GatewayRequest request) {
                return switch (request.messages().getLast().text()) {
                    case "please throw" -> throw new IllegalStateException("a bug in the pipeline");
                    case "please fail" -> throw ApiError.unavailable("The gateway could not accept the request.");
                    default -> Reply.complete(request.requestId(), 0, 1, "m", "p", "ok", FinishReason.STOP,
                            new TokenUsage(1, 1, 0), CacheStatus.MISS, 0);
                };
            }

            @Override
            public ReplyStream stream(GatewayRequest request) {
                streaming.add(request);
                return new ReplyStream();
            }
        };
        server = IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.in-flight-test", 0, pipeline, () -> true)
                .start();
        http = new HttpCalls(server.port());
    }

    @AfterEach
    void allSlotsComeBack() {
        // Whatever a test left open ends by its deadline; the next test starts with every slot free.
        await().atMost(Duration.ofSeconds(25)).until(() -> answersOk(TestConfigs.ACME_KEY)
                && answersOk(TestConfigs.ACME_KEY) && answersOk(TestConfigs.GLOBEX_KEY));
        streaming.clear();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aTenantOverItsCapGets429AndTheFullInstance503BeforeTheBodyIsRead() throws Exception {
        try (HttpCalls.RawConnection first = openStream(TestConfigs.ACME_KEY);
             HttpCalls.RawConnection second = openStream(TestConfigs.ACME_KEY)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> streaming.size() == 2);

            // Announces a body it never sends: the answer cannot have waited for it.
            String tenantOver = headOnly("/v1/chat/completions", "authorization: Bearer " + TestConfigs.ACME_KEY);
            String instanceFull = headOnly("/v1/messages",
                    "x-api-key: " + TestConfigs.GLOBEX_KEY + "\r\nanthropic-version: 2023-06-01");

            assertThat(tenantOver).startsWith("HTTP/1.1 429");
            assertThat(tenantOver.toLowerCase()).contains("retry-after: 1");
            JsonNode openAi = HttpCalls.json(body(tenantOver)).get("error");
            assertThat(openAi.get("code").asText()).isEqualTo("concurrency_limit_exceeded");
            assertThat(openAi.get("message").asText()).contains("acme").contains("2");

            assertThat(instanceFull).startsWith("HTTP/1.1 503");
            assertThat(instanceFull.toLowerCase()).contains("retry-after: 1");
            JsonNode anthropic = HttpCalls.json(body(instanceFull));
            assertThat(anthropic.get("type").asText()).isEqualTo("error");
            assertThat(anthropic.get("error").get("type").asText()).isEqualTo("overloaded_error");
        }
    }

    @Test
    void aStreamWhoseClientWentAwayGivesItsSlotBack() throws Exception {
        HttpCalls.RawConnection first = openStream(TestConfigs.ACME_KEY);
        HttpCalls.RawConnection second = openStream(TestConfigs.ACME_KEY);
        await().atMost(Duration.ofSeconds(5)).until(() -> streaming.size() == 2);
        assertThat(http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "hi")).statusCode())
                .isEqualTo(429);

        first.close();
        second.close();

        // Noticed at a keep-alive write (every 2 s; the first after the close may still be buffered),
        // well before the 10 s deadline would free them.
        CompletableFuture<Long> freedAfterMs = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).until(() -> answersOk(TestConfigs.ACME_KEY));
            return Duration.ofNanos(System.nanoTime() - started).toMillis();
        });
        assertThat(freedAfterMs.get()).isLessThan(7_000);
    }

    @Test
    void failedAndTimedOutRequestsGiveTheirSlotsBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "please throw"))
                    .statusCode()).isEqualTo(500);
            assertThat(http.messages(TestConfigs.ACME_KEY, anthropicMessage("please fail")).statusCode())
                    .isEqualTo(503);
            assertThat(http.chat(TestConfigs.ACME_KEY, "{not json").statusCode()).isEqualTo(400);
        }
        assertThat(answersOk(TestConfigs.ACME_KEY)).isTrue();

        // Two streams nobody answers run to their deadline (504) and leave.
        try (HttpCalls.RawConnection first = openStream(TestConfigs.ACME_KEY);
             HttpCalls.RawConnection second = openStream(TestConfigs.ACME_KEY)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> streaming.size() == 2);
            assertThat(http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "hi")).statusCode())
                    .isEqualTo(429);
            await().atMost(Duration.ofSeconds(20)).until(() -> answersOk(TestConfigs.ACME_KEY));
        }
    }

    private static boolean answersOk(String key) {
        return http.chat(key, HttpCalls.userMessage("mock-echo", "hi")).statusCode() == 200;
    }

    private static String anthropicMessage(String text) {
        return "{\"model\": \"gpt-4o-mini\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \""
                + text + "\"}]}";
    }

    /** A streamed request on a connection of its own, left open. */
    private static HttpCalls.RawConnection openStream(String key) throws Exception {
        byte[] body = "{\"model\": \"mock-echo\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hold\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        HttpCalls.RawConnection connection = http.open();
        connection.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        connection.write(body);
        return connection;
    }

    private static String headOnly(String path, String authHeaders) throws Exception {
        try (HttpCalls.RawConnection connection = http.open()) {
            connection.write("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authHeaders
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
            return connection.readResponse();
        }
    }

    private static String body(String raw) {
        return raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }
}
