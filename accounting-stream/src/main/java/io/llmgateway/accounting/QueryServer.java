package io.llmgateway.accounting;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;

/**
 * The accounting app's management port when it runs on its own ({@code accounting.http_host},
 * {@code accounting.http_port}): tenant queries ({@link TenantQueryRoutes}), the operators'
 * console, {@code GET /metrics}
 * (the Streams app's meters and the JVM's) and {@code GET /healthz}. Everything but the health
 * check needs the operator token; without one it binds to loopback only ({@link AdminAccess}).
 */
final class QueryServer implements AutoCloseable {

    private final ManagementServer.Builder builder;
    private final AccountingSettings settings;
    private ManagementServer server;

    QueryServer(AccountingSettings settings, ServiceMetrics metrics, AdminAccess access, ManagementRoutes routes) {
        this.settings = settings;
        this.builder = ManagementServer.builder(access, settings.httpHost(), settings.httpPort(), "accounting.http_port")
                .add(routes)
                .add(ManagementRoutes.metrics(metrics));
    }

    /** Starts listening; returns the port (the one picked when the config says 0). */
    int start() {
        server = builder.start();
        return server.port();
    }

    /** Where it listens: loopback when no admin token is configured. */
    String host() {
        return server.host();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
