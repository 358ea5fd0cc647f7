package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.testkit.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker outage on a real in-JVM broker that is stopped and started again on the same port:
 * requests get a 503 with {@code retry-after} within their deadline (not a wait to it), in the
 * caller's format; {@code /readyz} turns red while the broker is down and green once it is back.
 */
class BrokerOutageTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static EmbeddedKafka kafka;
    private static IngressServer ingress;
    private static FakePipeline pipeline;
    private static HttpCalls http;
    private static ManagementServer management;
    private static HttpCalls meters;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(null);
        GatewayConfig config = TestConfigs.config(kafka.bootstrapServers(),
                "  request_timeout: 20s\n  publish_timeout: 2s");
        ingress = new IngressServer(config, Clock.systemUTC(), 0, null, TestConfigs.SECRETS).start();
        pipeline = new FakePipeline(config).start();
        http = new HttpCalls(ingress.port());
        // The meters are on the management port, never the public one.
        management = ManagementServer.builder(AdminAccess.loopbackOnly(), "127.0.0.1", 0, "management.port")
                .add(ingress.managementRoutes()).start();
        meters = new HttpCalls(management.port());
        await().atMost(Duration.ofSeconds(30)).until(ingress::isReady);
    }

    @AfterAll
    static void stop() throws Exception {
        if (management != null) {
            management.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void duringAnOutageRequestsGet503WithinTheirDeadlineAndReadinessFollowsTheBroker() {
        assertThat(http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "before")).statusCode())
                .isEqualTo(200);
        assertThat(meters.get("/metrics", null).body()).contains("gateway_ingress_kafka_reachable{service=\"ingress\"} 1.0")
                .contains("gateway_ingress_in_flight");

        kafka.stopBroker();

        long started = System.nanoTime();
        HttpResponse<String> during = http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "during"));
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        assertThat(tookMs).as("answered well within the %s deadline", REQUEST_TIMEOUT)
                .isLessThan(REQUEST_TIMEOUT.toMillis() / 2);
        assertThat(during.headers().firstValue("retry-after")).isPresent();
        assertThat(HttpCalls.json(during).get("error").get("type").asText()).isEqualTo("service_unavailable");

        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/readyz", null).statusCode() == 503);
        assertThat(meters.get("/metrics", null).body()).contains("gateway_ingress_kafka_reachable{service=\"ingress\"} 0.0");
        HttpResponse<String> anthropic = http.messages(TestConfigs.ACME_KEY, "{\"model\": \"gpt-4o-mini\", "
                + "\"max_tokens\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"during\"}]}");
        assertThat(anthropic.statusCode()).isEqualTo(503);
        assertThat(anthropic.headers().firstValue("retry-after")).isPresent();
        JsonNode error = HttpCalls.json(anthropic);
        assertThat(error.get("error").get("type").asText()).isEqualTo("overloaded_error");

        kafka.startBroker();

        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/readyz", null).statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.chat(TestConfigs.ACME_KEY, HttpCalls.userMessage("gpt-4o-mini", "after")).statusCode() == 200);
    }
}
