package io.llmgateway.accounting.finance;

import io.llmgateway.common.ServiceArgs;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the committed cost stream ({@code llm.costs}) as CSV on standard output:
 * {@code [--config FILE] [--bootstrap-servers HOST:PORT] [--follow]}. Without {@code --follow} it
 * stops at the end of the stream; with it, it keeps printing until interrupted.
 */
public final class CostCsvMain {

    private CostCsvMain() {}

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean follow = rest.remove("--follow");
        GatewayConfig config;
        try {
            config = ServiceArgs.parse(rest.toArray(String[]::new)).load();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + " (usage: CostCsvMain [--config FILE]"
                    + " [--bootstrap-servers HOST:PORT] [--follow])");
            System.exit(2);
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cost-csv-shutdown"));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        CostCsv.export(config, out, follow, stop::get);
        out.flush();
    }
}
