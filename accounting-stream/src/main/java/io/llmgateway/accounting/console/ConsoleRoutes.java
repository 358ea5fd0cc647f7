package io.llmgateway.accounting.console;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.schemas.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The operators' console: {@code GET /console/} (one static page, its script, style and the
 * vendored Chart.js) and {@code GET /console/api/overview} (its figures, JSON). The page holds no
 * data and needs no token; the figures need the operator token ({@link AdminAccess}), which the
 * page asks for once and keeps in the tab's session storage. Registered on whatever server serves
 * the admin routes: one call, so moving the console to another port moves one line.
 */
public final class ConsoleRoutes implements ManagementRoutes {

    public static final String PATH = "/console";
    private static final Map<String, String> STATIC = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "chart.umd.min.js", "text/javascript; charset=utf-8",
            "chart.js-LICENSE.md", "text/markdown; charset=utf-8");

    private final AdminAccess access;
    private final ConsoleOverview overview;

    public ConsoleRoutes(AdminAccess access, ConsoleOverview overview) {
        this.access = access;
        this.overview = overview;
    }

    /** The page and its files hold no data: a browser loads them without the token. */
    @Override
    public boolean open(String path) {
        return path.startsWith(PATH) && !path.startsWith(PATH + "/api/");
    }

    @Override
    public void addTo(HttpRouting.Builder routing) {
        register(routing, access, overview);
    }

    public static void register(HttpRouting.Builder routing, AdminAccess access, ConsoleOverview overview) {
        routing.get(PATH, (req, res) -> {
            res.status(Status.MOVED_PERMANENTLY_301);
            res.header(HeaderNames.LOCATION, PATH + "/");
            res.send();
        });
        routing.get(PATH + "/", (req, res) -> sendStatic(res, "index.html"));
        routing.get(PATH + "/api/overview", access.guard((req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send(Json.MAPPER.writeValueAsBytes(overview.snapshot()));
        }));
        routing.get(PATH + "/{file}", (req, res) -> {
            String file = req.path().pathParameters().get("file");
            if (STATIC.containsKey(file)) {
                sendStatic(res, file);
            } else {
                res.status(Status.NOT_FOUND_404);
                res.send();
            }
        });
    }

    private static void sendStatic(ServerResponse res, String file) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + file + " is missing from the jar");
            }
            res.header(HeaderNames.CONTENT_TYPE, STATIC.get(file));
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
