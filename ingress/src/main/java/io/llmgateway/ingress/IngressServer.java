package io.llmgateway.ingress;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress service: an HTTP server (Helidon SE, handlers on virtual threads) in front of the
 * pipeline, a producer to the requests topic and a consumer of this instance's reply topic.
 *
 * <p>One shutdown path: {@link #close()} fails the requests still waiting (503), stops the HTTP
 * server, then the reply consumer, then the producer.
 */
public final class IngressServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressServer.class);

    private final GatewayConfig config;
    private final Clock clock;
    private final int port;
    private final String instanceId;
    private final Topic<String, Reply> replyTopic;
    private final PendingReplies pending;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RequestPublisher publisher;
    private ReplyListener replies;
    private WebServer server;
    private volatile boolean producerUp;

    /** Listens on the configured {@code ingress.port}. */
    public IngressServer(GatewayConfig config, Clock clock) {
        this(config, clock, config.ingress().port());
    }

    /**
     * @param port the port to listen on; 0 picks a free one (tests), see {@link #port()}
     */
    public IngressServer(GatewayConfig config, Clock clock, int port) {
        this.config = config;
        this.clock = clock;
        this.port = port;
        this.instanceId = config.ingress().instanceId() != null && !config.ingress().instanceId().isBlank()
                ? config.ingress().instanceId()
                : "ingress-" + UUID.randomUUID();
        this.replyTopic = config.topics().repliesTopic(instanceId);
        this.pending = new PendingReplies(clock);
    }

    /**
     * Creates the topics if missing, connects to Kafka and starts listening. Returns once HTTP is
     * served; {@code /readyz} turns 200 when the reply consumer is positioned on its partitions.
     */
    public synchronized IngressServer start() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        PipelineTopics.ensure(config, replyTopic.name());
        publisher = new RequestPublisher(config.kafka(), config.topics().requestsTopic(), instanceId + "-requests");
        publisher.awaitMetadata();
        producerUp = true;
        replies = new ReplyListener(config.kafka(), replyTopic, pending, instanceId + "-replies");
        replies.start();

        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(config.tenants());
        GatewayRequestMapper mapper = new GatewayRequestMapper(config, new RequestIds(clock),
                new InputTokenCounter(config.models()), clock, replyTopic.name());
        ChatCompletionsRoute chat = new ChatCompletionsRoute(authenticator, new ChatCompletionRequestReader(),
                mapper, new PipelineExchange(publisher, pending, clock), this::isReady, clock);
        ModelsRoute models = new ModelsRoute(authenticator, config.models(), clock.millis() / 1000);
        ErrorResponses errors = new ErrorResponses(config.ingress().maxBodyBytes());

        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/chat/completions", chat)
                .any("/v1/chat/completions", methodNotAllowed(Method.POST))
                .get("/v1/models", models)
                .any("/v1/models", methodNotAllowed(Method.GET))
                .get("/healthz", (req, res) -> status(res, 200, "ok"))
                .get("/readyz", (req, res) -> status(res, isReady() ? 200 : 503, isReady() ? "ready" : "not ready"))
                .any((req, res) -> {
                    throw new ApiError(404, "invalid_request_error", null, "unknown_url",
                            "Unknown request URL: " + req.prologue().method().text() + " " + req.path().path() + ".",
                            null);
                })
                .error(Throwable.class, errors::sendUnexpected);

        server = WebServer.builder()
                .host(config.ingress().host())
                .port(port)
                // Larger bodies are refused while they are read: with a Content-Length above the
                // limit before any byte of the body, chunked ones as soon as they pass it.
                .maxPayloadSize(config.ingress().maxBodyBytes())
                .directHandlers(errors.directHandlers())
                // IngressMain's hook calls close(): one shutdown path, not Helidon's own as well.
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        log.info("ingress {} listening on {}:{}, replies on {}", instanceId, config.ingress().host(), server.port(),
                replyTopic.name());
        return this;
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

    /** The port HTTP is served on (the one picked when the constructor was given 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    /** Serving requests: the producer is connected and the reply consumer reads its partitions. */
    public boolean isReady() {
        return !closed.get() && producerUp && replies != null && replies.isReady();
    }

    public String instanceId() {
        return instanceId;
    }

    public String replyTopic() {
        return replyTopic.name();
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("ingress {} stopping", instanceId);
        // Waiting requests would otherwise hang until their deadline: nobody will read their replies.
        pending.failAll(new IllegalStateException("the ingress is shutting down"));
        if (server != null) {
            server.stop();
        }
        if (replies != null) {
            replies.close();
        }
        producerUp = false;
        if (publisher != null) {
            publisher.close();
        }
    }
}
