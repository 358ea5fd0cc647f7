package io.llmgateway.router;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.router.resilience.BreakerRoutes;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a router worker until the process is stopped. */
public final class RouterMain {

    private static final Logger log = LoggerFactory.getLogger(RouterMain.class);

    private RouterMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        ServiceMetrics metrics = new ServiceMetrics("router");
        RouterService service;
        AdminAccess admin;
        try {
            admin = AdminAccess.resolve(config.admin(), Secrets.environment());
            service = new RouterService(config, Clock.systemUTC(), metrics.registry());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        PipelineTopics.ensure(config);
        int metricsPort = config.router().metricsPort();
        // The worker's management port: its meters and its breakers, on management.host.
        ManagementServer metricsServer = metricsPort < 0 ? null
                : ManagementServer.builder(admin, config.management().host(), metricsPort, "router.metrics_port")
                        .add(ManagementRoutes.metrics(metrics))
                        .add(service.managementRoutes())
                        .start();
        if (metricsServer != null) {
            log.info("router management port on {} ({} and {})", metricsServer.url(), ManagementServer.METRICS_PATH,
                    BreakerRoutes.PATH);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            if (metricsServer != null) {
                metricsServer.close();
            }
        }, "router-shutdown"));
        service.start().awaitStopped();
        if (service.failure().isPresent()) {
            System.exit(1); // the loop died (logged): let the orchestrator restart the instance
        }
    }
}
