package io.llmgateway.common.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.Listening;
import io.llmgateway.common.security.AdminAccess;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} (and {@code GET /healthz}) for a service that has no HTTP server of its
 * own, such as a router worker run alone. Services with one serve the same from it.
 * {@code /metrics} is an admin endpoint: it needs the operator token, or without one the server
 * binds to loopback only ({@link AdminAccess}).
 */
public final class MetricsServer implements AutoCloseable {

    private final WebServer server;
    private final String host;
    private final int port;
    private final String setting;

    /**
     * @param port 0 picks a free one, see {@link #port()}
     * @param setting the config setting that chose the port, for the message when it is taken
     * @param access who may read {@code /metrics}
     */
    public MetricsServer(ServiceMetrics metrics, String host, int port, String setting, AdminAccess access) {
        host = access.bindHost(host, setting);
        this.host = host;
        this.port = port;
        this.setting = setting;
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/metrics", access.guard(scrapeHandler(metrics)))
                .get("/healthz", (req, res) -> res.send("ok"));
        this.server = WebServer.builder().host(host).port(port).shutdownHook(false).routing(routing).build();
    }

    /** Answers with every meter of {@code metrics} in Prometheus' text format (unguarded: guard it). */
    public static Handler scrapeHandler(ServiceMetrics metrics) {
        return (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, ServiceMetrics.CONTENT_TYPE);
            res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
        };
    }

    /** @throws IllegalStateException when the port is taken, naming it and its setting */
    public MetricsServer start() {
        Listening.start(server, host, port, setting);
        return this;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
