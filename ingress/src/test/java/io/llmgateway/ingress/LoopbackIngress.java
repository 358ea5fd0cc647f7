package io.llmgateway.ingress;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import java.time.Clock;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The ingress's routes on a loopback port for one test class, in front of a
 * {@link RecordingPipeline} that is emptied before each test:
 * <pre>{@code @RegisterExtension static final LoopbackIngress INGRESS = new LoopbackIngress(TestConfigs::config);}</pre>
 */
final class LoopbackIngress implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<GatewayConfig> config;
    private final RecordingPipeline pipeline = new RecordingPipeline();
    private WebServer server;
    private HttpCalls http;

    LoopbackIngress(Supplier<GatewayConfig> config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = IngressRoutes.server(config.get(), Clock.systemUTC(), "llm.replies.loopback-test", 0, pipeline,
                () -> true).start();
        http = new HttpCalls(server.port());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        pipeline.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    HttpCalls http() {
        return http;
    }

    RecordingPipeline pipeline() {
        return pipeline;
    }
}
