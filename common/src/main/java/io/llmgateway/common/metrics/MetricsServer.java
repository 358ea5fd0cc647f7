package io.llmgateway.common.metrics;

import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.security.AdminAccess;

/**
 * A management port with {@code GET /metrics} (and {@code GET /healthz}) only, for a service that
 * serves nothing else there. Services with more admin routes build a {@link ManagementServer}
 * with {@link ManagementRoutes#metrics} among them instead. {@code /metrics} needs the operator
 * token, or without one the server binds to loopback only ({@link AdminAccess}).
 */
public final class MetricsServer implements AutoCloseable {

    private final ManagementServer.Builder builder;
    private ManagementServer server;

    /**
     * @param port 0 picks a free one, see {@link #port()}
     * @param setting the config setting that chose the port, for the message when it is taken
     * @param access who may read {@code /metrics}
     */
    public MetricsServer(ServiceMetrics metrics, String host, int port, String setting, AdminAccess access) {
        this.builder = ManagementServer.builder(access, host, port, setting).add(ManagementRoutes.metrics(metrics));
    }

    /** @throws IllegalStateException when the port is taken, naming it and its setting */
    public MetricsServer start() {
        server = builder.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
