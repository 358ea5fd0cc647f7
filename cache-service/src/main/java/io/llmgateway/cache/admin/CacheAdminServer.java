package io.llmgateway.cache.admin;

import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;

/**
 * The cache's management port when it runs on its own ({@code cache.admin_host},
 * {@code cache.admin_port}): {@link CacheAdminRoutes}, {@code GET /metrics} (the instance's
 * meters) and {@code GET /healthz}. The routes need
 * the operator token ({@code admin.token_env}); without one the server binds to loopback only
 * ({@link AdminAccess}).
 */
public final class CacheAdminServer implements AutoCloseable {

    private final ManagementServer server;

    /**
     * @param port 0 picks a free one
     * @param access who may use the routes
     * @param metrics served on {@code GET /metrics}
     */
    public CacheAdminServer(String host, int port, CacheAdminRoutes routes, AdminAccess access, ServiceMetrics metrics) {
        this.server = ManagementServer.builder(access, host, port, "cache.admin_port").add(routes)
                .add(ManagementRoutes.metrics(metrics)).start();
    }

    /** Where it listens: loopback when no admin token is configured. */
    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
