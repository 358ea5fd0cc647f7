package io.llmgateway.ingress;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ManagementSettings;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingress: {@code --config FILE} and {@code --bootstrap-servers HOST:PORT}; stops on SIGTERM. */
public final class IngressMain {

    private static final Logger log = LoggerFactory.getLogger(IngressMain.class);

    private IngressMain() {}

    public static void main(String[] args) {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        AdminAccess admin;
        IngressServer ingress;
        try {
            admin = AdminAccess.resolve(config.admin(), Secrets.environment());
            ingress = new IngressServer(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        AtomicReference<ManagementServer> management = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ingress.close();
            if (management.get() != null) {
                management.get().close();
            }
        }, "ingress-shutdown"));
        try {
            ingress.start();
            // Its meters on the management port, never on the public one.
            var settings = config.management();
            management.set(ManagementServer.builder(admin, settings.host(),
                    settings.portOr(ManagementSettings.DEFAULT_PORT), "management.port")
                    .add(ingress.managementRoutes())
                    .start());
            log.info("ingress management port on {}", management.get().url());
        } catch (RuntimeException e) {
            log.error("ingress failed to start", e);
            ingress.close();
            System.exit(1);
        }
    }
}
