package io.llmgateway.ingress;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The ingress's HTTP meters: every exchange timed by route, method and status (a stream until
 * its last event). The meters are served on the management port, not here.
 * Unknown paths count as route "other", so a scanner cannot grow the meter count.
 */
final class HttpMetrics implements Filter {

    private static final Set<String> ROUTES = Set.of("/v1/chat/completions", ApiDialect.MESSAGES_PATH,
            "/v1/models", UsageRoute.PATH, "/healthz", "/readyz");

    private final ServiceMetrics metrics;

    HttpMetrics(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            String path = req.path().path();
            Timer.builder("gateway.http.server.requests")
                    .description("HTTP exchanges of the ingress, until the last byte (or event) was sent")
                    .tag("route", ROUTES.contains(path) ? path : "other")
                    .tag("method", req.prologue().method().text())
                    .tag("status", String.valueOf(res.status().code()))
                    .register(metrics.registry())
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
