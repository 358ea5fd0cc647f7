package io.llmgateway.common.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.common.Listening;
import io.llmgateway.common.security.AdminAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's management port: the admin routes ({@link ManagementRoutes}) on a port of their own,
 * never on the public one. One filter in front of every route asks for the operator token
 * ({@link AdminAccess}: 401 JSON without it or with a wrong one, a tenant's API key included);
 * only {@code GET /healthz} and what a contribution declares {@link ManagementRoutes#open} answer
 * without it. Without a configured token it binds to loopback
 * whatever the host says, and answers loopback clients only.
 *
 * <pre>{@code
 * ManagementServer server = ManagementServer.builder(access, "127.0.0.1", 9090, "management.port")
 *         .add(ManagementRoutes.metrics(metrics))
 *         .add(routing -> routing.get("/admin/things", handler))
 *         .start();
 * }</pre>
 *
 * Routes are fixed once started (Helidon's routing is built once): add them all before
 * {@link Builder#start()}; a route whose data comes later answers from a holder it fills then.
 */
public final class ManagementServer implements AutoCloseable {

    public static final String METRICS_PATH = "/metrics";
    public static final String HEALTH_PATH = "/healthz";

    /** Writes the bodies of {@link ManagementRoutes#json} routes. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebServer server;
    private final String host;

    private ManagementServer(WebServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * @param host where to listen (loopback when {@code access} has no token)
     * @param port 0 picks a free one
     * @param setting the config field that chose the port, for the message when it is taken
     */
    public static Builder builder(AdminAccess access, String host, int port, String setting) {
        return new Builder(access, host, port, setting);
    }

    /** Where it listens. */
    public String host() {
        return host;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://host:port}, with 127.0.0.1 for a wildcard host. */
    public String url() {
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + shown + ":" + port();
    }

    @Override
    public void close() {
        server.stop();
    }

    public static final class Builder {

        private final AdminAccess access;
        private final String host;
        private final int port;
        private final String setting;
        private final List<ManagementRoutes> contributions = new ArrayList<>();

        private Builder(AdminAccess access, String host, int port, String setting) {
            this.access = access;
            this.host = access.bindHost(host, setting);
            this.port = port;
            this.setting = setting;
        }

        public Builder add(ManagementRoutes routes) {
            contributions.add(routes);
            return this;
        }

        /** @throws IllegalStateException when the port is taken, naming it and its setting */
        public ManagementServer start() {
            HttpRouting.Builder routing = HttpRouting.builder();
            routing.addFilter((chain, req, res) -> {
                String path = req.path().path();
                if (HEALTH_PATH.equals(path) || contributions.stream().anyMatch(routes -> routes.open(path))
                        || access.allows(req)) {
                    chain.proceed();
                } else {
                    access.refuse(res);
                }
            });
            routing.get(HEALTH_PATH, (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send("{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
            });
            contributions.forEach(routes -> routes.addTo(routing));
            WebServer server = WebServer.builder().host(host).port(port).shutdownHook(false).routing(routing).build();
            return new ManagementServer(Listening.start(server, host, port, setting), host);
        }
    }
}
