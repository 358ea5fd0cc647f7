package io.llmgateway.mock;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.Listening;
import io.llmgateway.common.config.MockProviderSettings;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.security.AdminAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible mock LLM provider on Helidon SE: {@code POST /v1/chat/completions}
 * (JSON and SSE), {@code GET /v1/models}, and the admin endpoints of {@link BehaviorAdmin}.
 * Its answers, pace and faults follow a {@link MockBehavior} that tests change through
 * {@link #behave} and operators through {@code PUT /mock/behavior}.
 */
public final class MockProviderServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MockProviderServer.class);

    private final MockBehavior initial;
    private final FaultSelector faults;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ChatCompletionsHandler chat;
    private final WebServer server;
    private final String host;
    /** Where the controls are: {@code /mock/behavior}, {@code /mock/stats}. */
    public static final String CONTROLS_PATH = "/mock";

    private final int requestedPort;

    /**
     * @param port 0 picks a free port (tests run concurrently: never a fixed one there)
     * @param models what {@code GET /v1/models} lists; the mock answers for any model name
     */
    public MockProviderServer(String host, int port, MockBehavior initial, List<String> models, Clock clock) {
        this(host, port, initial, models, clock, AdminAccess.loopbackOnly());
    }

    /**
     * @param admin who may use the {@code /mock} controls ({@link BehaviorAdmin}) on this port;
     *     null: none here, they are served on a management port ({@link #managementRoutes})
     */
    public MockProviderServer(String host, int port, MockBehavior initial, List<String> models, Clock clock,
                              AdminAccess admin) {
        this.host = host;
        this.requestedPort = port;
        this.initial = initial;
        this.faults = new FaultSelector(initial);
        this.chat = new ChatCompletionsHandler(faults, stopping, clock);
        List<String> modelIds = List.copyOf(models);
        long created = clock.instant().getEpochSecond();
        this.server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false) // close() is the one shutdown path
                // Helidon leaves Nagle on: a response written in two pieces then waits for the
                // client's delayed ACK (40 ms on Linux) about one call in five.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .routing(routing -> {
                    routing.post("/v1/chat/completions", chat)
                            .get("/v1/models", (req, res) -> res.header("Content-Type", "application/json")
                                    .send(OpenAiWire.models(modelIds, created)));
                    if (admin != null) {
                        routing.register(CONTROLS_PATH, new BehaviorAdmin(this, admin));
                    }
                })
                .build();
    }

    /**
     * The {@code /mock} controls for a management port, which checks the operator token itself
     * (start this server with a null {@code admin} then).
     */
    public ManagementRoutes managementRoutes() {
        return routing -> routing.register(CONTROLS_PATH, new BehaviorAdmin(this, null));
    }

    /** The server the config file's {@code mock_provider} section describes. */
    public static MockProviderServer fromSettings(MockProviderSettings settings, List<String> models, Clock clock,
                                                  AdminAccess admin) {
        return new MockProviderServer(settings.host(), settings.portOr(MockProviderSettings.STANDALONE_PORT),
                MockBehavior.from(settings), models, clock, admin);
    }

    /** On 127.0.0.1 and a free port, echoing: the server tests start. */
    public static MockProviderServer onFreePort(MockBehavior behavior) {
        return new MockProviderServer("127.0.0.1", 0, behavior, List.of("mock-echo"), Clock.systemUTC());
    }

    /** @throws IllegalStateException when the port is taken, naming it and {@code mock_provider.port} */
    public MockProviderServer start() {
        Listening.start(server, host, requestedPort, "mock_provider.port");
        log.info("mock provider listening on {}", baseUrl());
        return this;
    }

    public int port() {
        return server.port();
    }

    /** The OpenAI-style base URL, {@code /v1} included, as a provider's {@code base_url} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Replaces the behaviour; a "next N requests" fault counts from now. */
    public void behave(MockBehavior behavior) {
        faults.set(behavior);
    }

    public MockBehavior behavior() {
        return faults.behavior();
    }

    /** Back to the behaviour the server started with. */
    public void reset() {
        faults.set(initial);
        chat.resetPeak();
    }

    /** Chat calls being answered now: a stream its caller closed stops counting at the next token written. */
    public int chatsAnswering() {
        return chat.callsAnswering();
    }

    /** The most chat calls this server was answering at the same time since start or the last {@link #reset()}. */
    public int peakConcurrentChats() {
        return chat.peakConcurrentCalls();
    }

    /** Chat-completion requests received since start, faulted ones included. */
    public long chatRequests() {
        return chat.received();
    }

    /** The {@code traceparent} of the latest chat request that had one. */
    public Optional<String> lastTraceparent() {
        return chat.lastTraceparent();
    }

    /** Releases hanging requests, then stops the server. */
    @Override
    public void close() {
        stopping.countDown();
        server.stop();
    }
}
