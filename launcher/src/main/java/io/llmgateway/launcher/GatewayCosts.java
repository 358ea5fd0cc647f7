package io.llmgateway.launcher;

import io.llmgateway.accounting.finance.CostCsvMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./gateway costs [--follow] [--run-file FILE]}: the committed cost stream of the running
 * {@code ./gateway up} as CSV on standard output ({@link CostCsvMain}), read from the Kafka it
 * runs on: the embedded broker's address and the config are in the run-state file. Stops at the
 * end of the stream, or with {@code --follow} keeps printing until interrupted.
 */
public final class GatewayCosts {

    private GatewayCosts() {}

    public static void main(String[] args) throws IOException {
        List<String> csvArgs = new ArrayList<>();
        RunState run;
        try {
            Path runFile = RunState.DEFAULT_FILE;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "costs" -> { }
                    case "--follow" -> csvArgs.add("--follow");
                    case "--run-file" -> runFile = Path.of(LauncherArgs.value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                            + " (usage: ./gateway costs [--follow] [--run-file FILE])");
                }
            }
            run = RunState.read(runFile);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        csvArgs.addAll(List.of("--config", run.config().toString(), "--bootstrap-servers", run.bootstrapServers()));
        CostCsvMain.main(csvArgs.toArray(String[]::new));
    }
}
