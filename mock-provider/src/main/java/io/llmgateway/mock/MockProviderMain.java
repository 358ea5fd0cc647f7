package io.llmgateway.mock;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs the mock provider of the config's {@code mock_provider} section until the process is stopped. */
public final class MockProviderMain {

    private MockProviderMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        // Lists every provider model id the config deploys; the mock answers for any name anyway.
        List<String> models = config.models().values().stream()
                .map(ModelConfig::deployments)
                .flatMap(List::stream)
                .map(Deployment::model)
                .distinct()
                .sorted()
                .toList();
        MockProviderServer server = MockProviderServer.fromSettings(config.mockProvider(), models, Clock.systemUTC(),
                AdminAccess.resolve(config.admin(), Secrets.environment()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mock-provider-shutdown"));
        server.start();
        stopped.await();
    }
}
