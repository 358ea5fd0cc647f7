package io.llmgateway.router;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import java.time.Clock;

/** Runs a router worker until the process is stopped. */
public final class RouterMain {

    private RouterMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        RouterService service;
        try {
            service = new RouterService(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        PipelineTopics.ensure(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "router-shutdown"));
        service.start().awaitStopped();
        if (service.failure().isPresent()) {
            System.exit(1); // the loop died (logged): let the orchestrator restart the instance
        }
    }
}
