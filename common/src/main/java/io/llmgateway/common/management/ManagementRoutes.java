package io.llmgateway.common.management;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.common.metrics.ServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What a service adds to the management port: Helidon routes on the port's routing, for example
 * {@code routing -> routing.get("/admin/breakers", handler)} or
 * {@code routing -> routing.register("/console", service)}. The {@link ManagementServer} guards
 * every route with the operator token before any of them runs, so a contribution adds no check of
 * its own (and cannot forget one). Paths must not clash with another contribution's: by custom
 * each service keeps under its own prefix ({@code /admin/<service>/...} or its documented path).
 */
@FunctionalInterface
public interface ManagementRoutes {

    void addTo(HttpRouting.Builder routing);

    /**
     * Whether a request for {@code path} may pass without the operator token: only for what holds
     * no data (a page that asks for the token and then reads guarded routes). None by default.
     */
    default boolean open(String path) {
        return false;
    }

    /** {@code GET path}: what {@code body} gives at the time of the request, as JSON. */
    static ManagementRoutes json(String path, Supplier<?> body) {
        return routing -> routing.get(path, (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(ManagementServer.JSON.writeValueAsBytes(body.get()));
        });
    }

    /** {@code GET /metrics}: the process's meters in Prometheus' text format. */
    static ManagementRoutes metrics(ServiceMetrics metrics) {
        return routing -> routing.get(ManagementServer.METRICS_PATH, (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, ServiceMetrics.CONTENT_TYPE);
            res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        });
    }
}
