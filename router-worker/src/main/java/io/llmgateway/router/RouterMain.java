package io.llmgateway.router;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.metrics.MetricsServer;
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
        MetricsServer metricsServer = metricsPort < 0 ? null : new MetricsServer(metrics, "0.0.0.0", metricsPort,
                "router.metrics_port", admin).start();
        if (metricsServer != null) {
            log.info("router metrics on :{}/metrics", metricsServer.port());
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
