package io.llmgateway.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.faults.verifier.GroundTruth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sync chat completions over real HTTP from every tenant at once, each caller sending its next
 * request when the last one is answered, until {@link #stop()}. Every call, answered or not,
 * goes into the {@link GroundTruth}.
 */
final class LoadDriver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than the ingress's own deadline (60 s): the gateway, not the client, should give up. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chat;
    private final GroundTruth truth;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Thread> callers = new ArrayList<>();

    private LoadDriver(URI ingress, GroundTruth truth) {
        this.chat = ingress.resolve("/v1/chat/completions");
        this.truth = truth;
    }

    /** {@code callersPerTenant} callers for each tenant, each with one request in flight at a time. */
    static LoadDriver start(URI ingress, GroundTruth truth, int callersPerTenant) {
        LoadDriver driver = new LoadDriver(ingress, truth);
        for (String tenant : GatewayProcesses.TENANTS) {
            for (int i = 0; i < callersPerTenant; i++) {
                driver.callers.add(Thread.ofVirtual().name("load-" + tenant + "-" + i).start(() -> driver.loop(tenant)));
            }
        }
        return driver;
    }

    /** Successful answers so far. */
    int answered() {
        return answered.get();
    }

    private void loop(String tenant) {
        while (running.get()) {
            truth.record(call(tenant));
        }
    }

    private GroundTruth.Call call(String tenant) {
        String nonce = UUID.randomUUID().toString();
        // a different length per call, so the token counts vary
        String prompt = "fault suite " + nonce + " " + "word ".repeat(Math.floorMod(nonce.hashCode(), 20));
        String body = JSON.createObjectNode().put("model", GatewayProcesses.MODEL)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                        .put("role", "user").put("content", prompt))).toString();
        long sent = System.currentTimeMillis();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(chat)
                    .timeout(CLIENT_TIMEOUT)
                    .header("authorization", "Bearer " + GatewayProcesses.apiKey(tenant))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String requestId = response.headers().firstValue("x-request-id").orElse(null);
            long input = 0;
            long output = 0;
            if (response.statusCode() == 200) {
                JsonNode usage = JSON.readTree(response.body()).path("usage");
                input = usage.path("prompt_tokens").asLong();
                output = usage.path("completion_tokens").asLong();
                answered.incrementAndGet();
            }
            return new GroundTruth.Call(tenant, nonce, requestId, response.statusCode(), input, output, sent,
                    System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return new GroundTruth.Call(tenant, nonce, null, 0, 0, 0, sent, System.currentTimeMillis());
        } catch (Exception e) {
            return new GroundTruth.Call(tenant, nonce, null, 0, 0, 0, sent, System.currentTimeMillis());
        }
    }

    /** Stops sending and waits for the calls in flight to be answered. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread caller : callers) {
            caller.join(CLIENT_TIMEOUT.plusSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
