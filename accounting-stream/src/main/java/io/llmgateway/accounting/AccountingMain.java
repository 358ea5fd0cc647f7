package io.llmgateway.accounting;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.GatewayConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the accounting app until the process is told to stop:
 * {@code --config FILE [--bootstrap-servers HOST:PORT]}.
 */
public final class AccountingMain {

    private AccountingMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config = ServiceArgs.loadOrExit(args);
        AccountingService service = new AccountingService(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "accounting-shutdown"));
        service.start();
        if (service.awaitTermination() == KafkaStreams.State.ERROR) {
            // A stream thread failed (logged): exit non-zero so a supervisor restarts us.
            service.close();
            System.exit(1);
        }
    }
}
