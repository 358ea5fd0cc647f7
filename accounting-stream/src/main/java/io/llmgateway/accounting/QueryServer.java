package io.llmgateway.accounting;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.Listening;
import io.helidon.webserver.http.HttpRouting;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.accounting.console.ConsoleOverview;
import io.llmgateway.accounting.console.ConsoleRoutes;
import io.llmgateway.accounting.console.RequestWindow;
import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.metrics.MetricsServer;
import io.llmgateway.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The accounting app's HTTP endpoint: {@code GET /v1/accounting/tenants/{tenant}} (a tenant's
 * current usage and spend, answered by whichever instance owns it), {@code GET /healthz} and
 * {@code GET /metrics} (Prometheus: the Streams app's meters and the JVM's), and the operators'
 * console ({@code GET /console/}, {@link ConsoleRoutes}).
 * It starts before the streams (its port is part of the app's {@code application.server}), so
 * until {@link #serve} it answers 503. Tenant queries and metrics are admin endpoints: they need the
 * operator token, or without one the server binds to loopback only ({@link AdminAccess}).
 */
final class QueryServer implements AutoCloseable {

    private final AtomicReference<TenantQueries> queries = new AtomicReference<>();
    private final WebServer server;
    private final AccountingSettings settings;
    private final String host;

    /** @param window the recent requests the console shows (see {@link ConsoleRoutes}) */
    QueryServer(GatewayConfig config, ServiceMetrics metrics, AdminAccess access, Clock clock, RequestWindow window) {
        AccountingSettings settings = config.accounting();
        this.settings = settings;
        this.host = access.bindHost(settings.httpHost(), "accounting.http_host");
        HttpRouting.Builder routing = HttpRouting.builder()
                .get(TenantQueries.PATH + "{tenant}", access.guard((req, res) -> {
                    TenantQueries current = queries.get();
                    TenantQueries.Answer answer = current == null
                            ? new TenantQueries.Answer(503, "{\"error\":\"starting\"}".getBytes(StandardCharsets.UTF_8))
                            : current.report(req.path().pathParameters().get("tenant"),
                                    req.headers().contains(HeaderNames.create(TenantQueries.FORWARDED_HEADER)));
                    res.status(Status.create(answer.status()));
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(answer.body());
                }))
                .get("/healthz", (req, res) -> res.send("ok"))
                .get("/metrics", access.guard(MetricsServer.scrapeHandler(metrics)));
        ConsoleRoutes.register(routing, access,
                new ConsoleOverview(config, window, this::tenantReport, metrics.registry(), clock));
        this.server = WebServer.builder()
                .host(host)
                .port(settings.httpPort())
                .shutdownHook(false)
                .routing(routing)
                .build();
    }

    /** A tenant's report as the tenant query answers it, for the console; empty when it cannot now. */
    private Optional<JsonNode> tenantReport(String tenant) {
        TenantQueries current = queries.get();
        if (current == null) {
            return Optional.empty();
        }
        TenantQueries.Answer answer = current.report(tenant, false);
        if (answer.status() != 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(answer.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("a tenant report that is not JSON", e);
        }
    }

    /** Where it listens: loopback when no admin token is configured. */
    String host() {
        return host;
    }

    /** Starts listening; returns the port (the one picked when the config says 0). */
    int start() {
        Listening.start(server, host, settings.httpPort(), "accounting.http_port");
        return server.port();
    }

    void serve(TenantQueries tenantQueries) {
        queries.set(tenantQueries);
    }

    @Override
    public void close() {
        server.stop();
    }
}
