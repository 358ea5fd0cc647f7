package io.llmgateway.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.ingress.batch.BatchContext;
import io.llmgateway.ingress.batch.BatchRoutes;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.safety.ContentFilters;
import io.llmgateway.safety.PromptFilter;
import io.llmgateway.safety.SafetyMeters;
import io.micrometer.core.instrument.Gauge;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/** The ingress's HTTP surface: its routes and the web server that serves them. */
public final class IngressRoutes {

    private IngressRoutes() {}

    /**
     * An unstarted web server with every route of the ingress.
     *
     * @param replyTopic where the pipeline sends this instance's replies
     * @param port 0 picks a free port
     * @param ready whether requests can be served now (also what {@code /readyz} says)
     */
    public static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                                   BooleanSupplier ready) {
        return server(config, clock, replyTopic, port, pipeline, ready, EarlyLimits.NONE);
    }

    /** @param limits refuses plainly-over-limit requests early (from the tenant state) and sets x-ratelimit headers */
    public static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                                   BooleanSupplier ready, EarlyLimits limits) {
        return server(config, clock, replyTopic, port, pipeline, ready, limits, null);
    }

    /**
     * @param metrics times every exchange; null: not timed. The meters are served on the
     *     management port ({@link IngressServer#managementRoutes}), never here.
     */
    public static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                                   BooleanSupplier ready, EarlyLimits limits, ServiceMetrics metrics) {
        return server(config, clock, replyTopic, port, pipeline, ready, limits, metrics, null);
    }

    /** @param batches serves OpenAI's Batch API and its files; null: those routes answer 404 */
    public static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                                   BooleanSupplier ready, EarlyLimits limits, ServiceMetrics metrics,
                                   BatchContext batches) {
        return server(config, clock, replyTopic, port, pipeline, ready, limits, metrics, batches, Tracing.off());
    }

    /** @param tracing makes the ingress span of each API exchange ({@link TracingFilter}) */
    public static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                                   BooleanSupplier ready, EarlyLimits limits, ServiceMetrics metrics,
                                   BatchContext batches, Tracing tracing) {
        return server(config, clock, replyTopic, port, pipeline, ready, limits, metrics, batches, tracing,
                IdempotencyRecords.NONE);
    }

    /** @param keys what each {@code Idempotency-Key} stands for, as every instance reads it */
    static WebServer server(GatewayConfig config, Clock clock, String replyTopic, int port, Pipeline pipeline,
                            BooleanSupplier ready, EarlyLimits limits, ServiceMetrics metrics,
                            BatchContext batches, Tracing tracing, IdempotencyRecords keys) {
        Idempotency idempotency = new Idempotency(keys, clock);
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(config.tenants());
        pipeline = new FilteringPipeline(pipeline, new PromptFilter(new ContentFilters(config.contentSafety())),
                new SafetyMeters(metrics == null ? null : metrics.registry()));
        GatewayRequestMapper mapper = new GatewayRequestMapper(config, new RequestIds(clock),
                new InputTokenCounter(config.models()), clock, replyTopic);
        RequestBodies bodies = new RequestBodies(config.ingress().maxBodyBytes());
        InFlightLimits inFlight = new InFlightLimits(config.ingress().maxInFlight(),
                config.ingress().maxInFlightPerTenant());
        if (metrics != null) {
            Gauge.builder("gateway.ingress.in.flight", inFlight, InFlightLimits::inFlight)
                    .description("requests in flight on this instance (streams while open), capped by "
                            + "ingress.max_in_flight").register(metrics.registry());
        }
        ChatCompletionsRoute chat = new ChatCompletionsRoute(authenticator, bodies, new ChatCompletionRequestReader(),
                mapper, pipeline, ready, clock, limits, inFlight, idempotency);
        MessagesRoute messages = new MessagesRoute(authenticator, bodies, mapper, pipeline, ready, clock, limits,
                inFlight, idempotency);
        ModelsRoute models = new ModelsRoute(authenticator, config.models(), clock.millis() / 1000);
        UsageRoute usage = new UsageRoute(authenticator, limits::liveState, clock);
        ErrorResponses errors = new ErrorResponses(config.ingress().maxBodyBytes());

        HttpRouting.Builder routing = HttpRouting.builder();
        // Outermost: the span covers the whole exchange, and the meters' filter logs under its trace id.
        routing.addFilter(new TracingFilter(tracing));
        if (metrics != null) {
            routing.addFilter(new HttpMetrics(metrics));
        }
        routing
                .post("/v1/chat/completions", chat)
                .any("/v1/chat/completions", methodNotAllowed(Method.POST))
                .post(ApiDialect.MESSAGES_PATH, messages)
                .any(ApiDialect.MESSAGES_PATH, methodNotAllowed(Method.POST))
                .get("/v1/models", models)
                .any("/v1/models", methodNotAllowed(Method.GET))
                .get(UsageRoute.PATH, usage)
                .any(UsageRoute.PATH, methodNotAllowed(Method.GET))
                .update(r -> {
                    if (batches != null) {
                        new BatchRoutes(batches, authenticator, BatchRoutes.MAX_FILE_BYTES).register(r);
                    }
                })
                .get("/healthz", (req, res) -> status(res, 200, "ok"))
                .get("/readyz", (req, res) -> {
                    boolean now = ready.getAsBoolean();
                    status(res, now ? 200 : 503, now ? "ready" : "not ready");
                })
                .any((req, res) -> {
                    throw new ApiError(404, "invalid_request_error", null, "unknown_url",
                            "Unknown request URL: " + req.prologue().method().text() + " " + req.path().path() + ".",
                            null);
                })
                .error(Throwable.class, errors::sendUnexpected);

        return WebServer.builder()
                .host(config.ingress().host())
                .port(port)
                // Bodies up to this size are read to their end and answered 413 on an open
                // connection when over max_body_bytes (RequestBodies); larger ones are refused at
                // once: with a Content-Length above it before any byte of the body is read.
                .maxPayloadSize(RequestBodies.webServerLimit(config.ingress().maxBodyBytes()))
                .directHandlers(errors.directHandlers())
                // Helidon leaves Nagle on: an answer written in pieces (head, body, SSE events)
                // would wait for the client's delayed ACK, 40 ms on Linux.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // The owner's close() stops the server: one shutdown path, not Helidon's own hook as well.
                .shutdownHook(false)
                .routing(routing)
                .build();
    }

    private static Handler methodNotAllowed(Method allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed.text());
            throw new ApiError(405, "invalid_request_error", null, "method_not_allowed",
                    "Method " + req.prologue().method().text() + " is not allowed on " + req.path().path()
                            + "; use " + allowed.text() + ".", null);
        };
    }

    private static void status(ServerResponse res, int code, String status) {
        res.status(code);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
