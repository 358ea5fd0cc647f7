package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache through the running gateway (ingress, accounting, cache, router, mock provider, a
 * real broker): a repeated request is a HIT, a paraphrase a SEMANTIC_HIT, a near-miss a MISS,
 * and another tenant's identical request a MISS.
 */
class CacheThroughTheGatewayTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static DevGateway gateway;
    private static HttpClient http;

    @BeforeAll
    static void startGateway() {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopGateway() {
        if (http != null) {
            http.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<String> ask(String key, String question) throws Exception {
        return ask(key, question, false);
    }

    private static HttpResponse<String> ask(String key, String question, boolean stream) throws Exception {
        String body = "{\"model\":\"mock-echo\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + question.replace("\"", "\\\"") + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.ingressPort()
                        + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-gateway-cache").orElse("none");
    }

    @Test
    void repeatedIsAHitParaphraseASemanticHitNearMissAndOtherTenantAMiss() throws Exception {
        String question = "What is the capital of France?";
        HttpResponse<String> first = ask("sk-gw-demo-acme", question);
        assertThat(cache(first)).isEqualTo("MISS");

        // The router's fill goes through the entries topic into the shard: visible a moment later.
        // Each try is a full round trip through the gateway, so the loop paces itself.
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (!status.equals("HIT") && System.nanoTime() < until) {
            status = cache(ask("sk-gw-demo-acme", question));
        }
        assertThat(status).isEqualTo("HIT");
        long providerCalls = gateway.mockProvider().chatRequests();

        HttpResponse<String> paraphrase = ask("sk-gw-demo-acme", "What's the capital of France?");
        assertThat(cache(paraphrase)).isEqualTo("SEMANTIC_HIT");
        assertThat(paraphrase.headers().firstValue("x-gateway-cache-similarity")).hasValueSatisfying(
                s -> assertThat(Double.parseDouble(s)).isGreaterThan(0.8));
        assertThat(paraphrase.body()).contains(question); // the cached (echoed) answer

        HttpResponse<String> nearMiss = ask("sk-gw-demo-acme", "What is the capital of Finland?");
        assertThat(cache(nearMiss)).isEqualTo("MISS");

        HttpResponse<String> otherTenant = ask("sk-gw-demo-globex", question);
        assertThat(cache(otherTenant)).isEqualTo("MISS");
        assertThat(otherTenant.headers().firstValue("x-gateway-cache-reason")).isPresent();

        // A streaming caller gets the cached answer as server-sent events.
        HttpResponse<String> streamed = ask("sk-gw-demo-acme", question, true);
        assertThat(streamed.body()).contains("capital of France").contains("data: [DONE]");

        // Only the near-miss and the other tenant reached the provider after the cache was warm.
        assertThat(gateway.mockProvider().chatRequests()).isEqualTo(providerCalls + 2);
    }

    @Test
    void aTimeSensitiveQuestionBypassesTheCacheAndSaysWhyWithoutQuotingIt() throws Exception {
        HttpResponse<String> response = ask("sk-gw-demo-acme", "What is the price of gold today?");
        assertThat(cache(response)).isEqualTo("BYPASS");
        assertThat(response.headers().firstValue("x-gateway-cache-reason"))
                .hasValue("time_sensitive: refers to the present moment");
    }

    @Test
    void aQuestionAboutTheAskerIsNeverServedFromTheCache() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = ask("sk-gw-demo-acme", "What shoe size do I wear?");
            assertThat(cache(response)).isEqualTo("BYPASS");
            assertThat(response.headers().firstValue("x-gateway-cache-reason")).hasValue("personal: asks about the user");
        }
    }
}
