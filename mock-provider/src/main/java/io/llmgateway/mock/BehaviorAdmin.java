package io.llmgateway.mock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.security.AdminAccess;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mock's admin endpoints under {@code /mock}, for the operator only: with an admin token
 * ({@code admin.token_env}) they need {@code Authorization: Bearer <token>}, without one they answer
 * only loopback clients ({@link AdminAccess}):
 * <ul>
 *   <li>{@code GET /mock/behavior}: the behaviour in force, as JSON;
 *   <li>{@code PUT /mock/behavior}: replace it (fields of {@link MockBehavior}, snake_case;
 *       left-out fields take their defaults; a misspelled field is a 400);
 *   <li>{@code DELETE /mock/behavior}: back to the behaviour the server started with;
 *   <li>{@code GET /mock/stats}: {@code {"chat_requests": n, "last_traceparent": ...}}, requests
 *       received so far and the {@code traceparent} header of the latest one that had it.
 * </ul>
 */
final class BehaviorAdmin implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(BehaviorAdmin.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final MockProviderServer server;
    private final AdminAccess access;

    /** @param access checks each request; null when the management port in front checks them */
    BehaviorAdmin(MockProviderServer server, AdminAccess access) {
        this.server = server;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/behavior", guard((req, res) -> sendJson(res, 200, server.behavior())))
                .put("/behavior", guard(this::replace))
                .delete("/behavior", guard((req, res) -> {
                    server.reset();
                    sendJson(res, 200, server.behavior());
                }))
                .get("/stats", guard((req, res) -> sendJson(res, 200, stats())));
    }

    /** Requests received, and the trace context of the latest (what a gateway passed on). */
    private Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("chat_requests", server.chatRequests());
        server.lastTraceparent().ifPresent(traceparent -> stats.put("last_traceparent", traceparent));
        return stats;
    }

    private Handler guard(Handler handler) {
        return access == null ? handler : access.guard(handler);
    }

    private void replace(ServerRequest req, ServerResponse res) throws IOException {
        MockBehavior behavior;
        try {
            behavior = JSON.readValue(req.content().inputStream(), MockBehavior.class);
        } catch (IOException | IllegalArgumentException e) {
            sendJson(res, 400, Map.of("error", e.getMessage()));
            return;
        }
        server.behave(behavior);
        log.info("mock provider behaviour is now {}", behavior);
        sendJson(res, 200, behavior);
    }

    private static void sendJson(ServerResponse res, int status, Object body) throws IOException {
        res.status(status).header("Content-Type", "application/json").send(JSON.writeValueAsBytes(body));
    }
}
