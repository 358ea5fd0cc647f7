package io.llmgateway.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.common.management.ManagementRoutes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /v1/accounting/tenants/{tenant}} on a management port: a tenant's current usage,
 * limits and spend, answered by whichever instance owns it. The route exists before the streams
 * run (the port is part of the app's {@code application.server}); until {@link #serve} it answers 503.
 */
final class TenantQueryRoutes implements ManagementRoutes {

    private final AtomicReference<TenantQueries> queries = new AtomicReference<>();

    @Override
    public void addTo(HttpRouting.Builder routing) {
        routing.get(TenantQueries.PATH + "{tenant}", (req, res) -> {
            TenantQueries current = queries.get();
            TenantQueries.Answer answer = current == null
                    ? new TenantQueries.Answer(503, "{\"error\":\"starting\"}".getBytes(StandardCharsets.UTF_8))
                    : current.report(req.path().pathParameters().get("tenant"),
                            req.headers().contains(HeaderNames.create(TenantQueries.FORWARDED_HEADER)));
            res.status(Status.create(answer.status()));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(answer.body());
        });
    }

    /** A tenant's report as the tenant query answers it, for the console; empty when it cannot now. */
    Optional<JsonNode> report(String tenant) {
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

    void serve(TenantQueries tenantQueries) {
        queries.set(tenantQueries);
    }
}
