package io.llmgateway.ingress;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.GatewayConfig;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingress: {@code --config FILE} and {@code --bootstrap-servers HOST:PORT}; stops on SIGTERM. */
public final class IngressMain {

    private static final Logger log = LoggerFactory.getLogger(IngressMain.class);

    private IngressMain() {}

    public static void main(String[] args) {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        IngressServer ingress = new IngressServer(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(ingress::close, "ingress-shutdown"));
        try {
            ingress.start();
        } catch (RuntimeException e) {
            log.error("ingress failed to start", e);
            ingress.close();
            System.exit(1);
        }
    }
}
