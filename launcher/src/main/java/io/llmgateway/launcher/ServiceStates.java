package io.llmgateway.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.accounting.AccountingService;
import io.llmgateway.cache.CacheService;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.ingress.IngressServer;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.router.RouterService;
import java.util.Optional;

/**
 * {@code GET /admin/services} on the gateway's management port: each service of this process and
 * its state, {@code {"services": [{"name": "ingress", "state": "READY"}, ...]}}. The ingress is
 * {@code READY} when it serves requests, accounting reports its Streams state ({@code RUNNING} when
 * it admits), the cache and the router {@code RUNNING} until their consumer loop failed
 * ({@code FAILED}, with the reason's class).
 */
final class ServiceStates implements ManagementRoutes {

    static final String PATH = "/admin/services";

    private final IngressServer ingress;
    private final AccountingService accounting;
    private final CacheService cache;
    private final RouterService router;
    private final MockProviderServer mock;

    ServiceStates(IngressServer ingress, AccountingService accounting, CacheService cache, RouterService router,
                  MockProviderServer mock) {
        this.ingress = ingress;
        this.accounting = accounting;
        this.cache = cache;
        this.router = router;
        this.mock = mock;
    }

    @Override
    public void addTo(HttpRouting.Builder routing) {
        ManagementRoutes.json(PATH, this::states).addTo(routing);
    }

    ObjectNode states() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("services");
        add(list, "ingress", ingress.isReady() ? "READY" : "NOT_READY");
        add(list, "accounting-stream", accounting.state());
        add(list, "cache-service", loop(cache.failure()));
        add(list, "router-worker", loop(router.failure()));
        add(list, "mock-provider", mock.port() > 0 ? "RUNNING" : "STOPPED");
        return root;
    }

    private static String loop(Optional<Throwable> failure) {
        return failure.map(e -> "FAILED (" + e.getClass().getSimpleName() + ")").orElse("RUNNING");
    }

    private static void add(ArrayNode list, String name, String state) {
        list.addObject().put("name", name).put("state", state);
    }
}
