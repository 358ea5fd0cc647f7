package io.llmgateway.cache;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import java.time.Clock;

/** Runs the cache service until the process is stopped. */
public final class CacheMain {

    private CacheMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        PipelineTopics.ensure(config);
        CacheService service = new CacheService(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "cache-shutdown"));
        service.start().awaitStopped();
        if (service.failure().isPresent()) {
            System.exit(1); // the loop died (logged): let the orchestrator restart the instance
        }
    }
}
