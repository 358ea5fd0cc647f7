package io.llmgateway.ingress;

import static io.llmgateway.ingress.HttpCalls.json;
import static io.llmgateway.ingress.HttpCalls.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP surface over real loopback HTTP, with the pipeline played by the test: readiness,
 * limits and routing that need no broker. The broker-backed round trip is in {@link IngressKafkaTest}.
 */
class IngressHttpTest {

    private static final int MAX_BODY = 4096;

    private static final Function<GatewayRequest, Reply> ANSWER_OK = request -> Reply.complete(request.requestId(),
            0, 1, "m", "p", "ok", FinishReason.STOP, new TokenUsage(1, 1, 0), CacheStatus.HIT, 0);

    private static final AtomicBoolean ready = new AtomicBoolean(true);
    private static final List<GatewayRequest> sent = new CopyOnWriteArrayList<>();
    private static volatile Function<GatewayRequest, Reply> answer = ANSWER_OK;
    private static WebServer server;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        GatewayConfig config = TestConfigs.config("127.0.0.1:9", "  request_timeout: 30s\n  max_body_bytes: " + MAX_BODY);
        Pipeline pipeline = request -> {
            sent.add(request);
            return answer.apply(request);
        };
        server = IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.http-test", 0, pipeline, ready::get)
                .start();
        http = new HttpCalls(server.port());
    }

    @BeforeEach
    void reset() {
        ready.set(true);
        sent.clear();
        answer = ANSWER_OK;
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void readyzFollowsReadinessAndHealthzIsAlwaysUp() {
        ready.set(false);
        assertThat(http.get("/readyz", null).statusCode()).isEqualTo(503);
        assertThat(http.get("/healthz", null).statusCode()).isEqualTo(200);

        ready.set(true);
        assertThat(http.get("/readyz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aChatRequestWhileNotReadyIs503AndIsNotSent() {
        ready.set(false);

        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "hi"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").get("type").asText()).isEqualTo("service_unavailable");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(sent).isEmpty();
    }

    @Test
    void theCacheStatusOfTheReplyIsAHeader() {
        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "hi"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gateway-cache")).hasValue("HIT");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
    }

    @Test
    void anErrorReplyKeepsItsStatusAndSaysWhenToRetry() {
        answer = request -> Reply.failure(request.requestId(), 0, 0,
                new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached", 1200L), 0);

        HttpResponse<String> response = http.chat(TestConfigs.ACME_KEY, userMessage("mock-echo", "hi"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("2");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1200");
        JsonNode error = json(response).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Rate limit reached");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void aBodyOverTheLimitIsReadToItsEndAndAnswered413OnAConnectionThatStaysOpen() throws Exception {
        byte[] body = userMessage("mock-echo", "x".repeat(MAX_BODY * 3)).getBytes(StandardCharsets.UTF_8);
        try (HttpCalls.RawConnection connection = http.open()) {
            // As the SDKs do: the whole body goes out before anything is read.
            connection.write(postHead(body.length, ""));
            connection.write(body);

            String refused = connection.readResponse();
            connection.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String next = connection.readResponse();

            assertThat(refused).startsWith("HTTP/1.1 413");
            assertThat(refused).contains("request_too_large").contains(String.valueOf(MAX_BODY));
            assertThat(next).startsWith("HTTP/1.1 200");
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void aClientThatWaitsForContinueIsRefusedBeforeItSendsTheBody() throws Exception {
        try (HttpCalls.RawConnection connection = http.open()) {
            connection.write(postHead(MAX_BODY * 3L, "Expect: 100-continue\r\n"));

            String refused = connection.readResponse();

            assertThat(refused).startsWith("HTTP/1.1 413");
            assertThat(refused).doesNotContain("100 Continue");
            assertThat(refused).contains("request_too_large");
        }
        assertThat(sent).isEmpty();
    }

    private static String postHead(long contentLength, String moreHeaders) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TestConfigs.ACME_KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n" + moreHeaders + "\r\n";
    }

    @Test
    void aBodyAnnouncedFarOverTheLimitIs413BeforeAnyOfItIsSent() throws Exception {
        String raw = http.postHeadOnly(TestConfigs.ACME_KEY, 50L * 1024 * 1024);

        assertThat(raw).startsWith("HTTP/1.1 413");
        assertThat(raw.toLowerCase()).contains("content-type: application/json");
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        JsonNode error = HttpCalls.json(body).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(error.get("message").asText()).contains(String.valueOf(MAX_BODY));
        assertThat(raw).doesNotContain(TestConfigs.ACME_KEY);
        assertThat(sent).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] big = userMessage("mock-echo", "x".repeat(MAX_BODY * 4)).getBytes();
        HttpRequest request = HttpRequest.newBuilder(http.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestConfigs.ACME_KEY)
                // an InputStream of unknown length goes out chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = http.send(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("request_too_large");
        assertThat(sent).isEmpty();
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        HttpResponse<String> response = http.get("/v1/chat/completions", TestConfigs.ACME_KEY);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("POST");
        assertThat(json(response).get("error").get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void anUnknownPathIs404InOpenAisShape() {
        HttpResponse<String> response = http.get("/v1/embeddings", TestConfigs.ACME_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("message").asText()).contains("/v1/embeddings");
    }

    @Test
    void a401SaysHowToAuthenticate() {
        HttpResponse<String> response = http.chat(null, userMessage("mock-echo", "hi"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("invalid_api_key");
    }
}
