package io.llmgateway.launcher;

import java.nio.file.Path;

/** The command line of {@code ./gateway up}. */
record LauncherArgs(Path config, Integer port, String bootstrapServers, Path dataDir, Path runFile, boolean help) {

    static final String USAGE = """
            usage: ./gateway up [options]
                   ./gateway status [--run-file FILE]      the live state of a running gateway
                   ./gateway costs [--follow] [--run-file FILE]
                                                          its cost stream as CSV

            Runs the whole gateway on this machine: an embedded single-node KRaft Kafka broker
            (unless --bootstrap-servers is given), the mock provider, accounting-stream,
            cache-service, router-worker and ingress, with the given config.

            options:
              --config FILE               gateway config (default: config/gateway.example.yaml)
              --port N                    ingress HTTP port (default: the config's ingress.port, 8080)
              --bootstrap-servers H:P     use this Kafka instead of starting an embedded broker
              --data-dir DIR              keep the embedded broker's data here (default: a temp dir,
                                          deleted on exit)
              --run-file FILE             where the addresses of this run are written for status and
                                          costs (default: .gateway/run.properties)
              -h, --help                  this text

            Ctrl-C stops everything.
            """;

    static LauncherArgs parse(String... args) {
        Path config = Path.of("config/gateway.example.yaml");
        Integer port = null;
        String bootstrap = null;
        Path dataDir = null;
        Path runFile = RunState.DEFAULT_FILE;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> { }
                case "--config" -> config = Path.of(value(args, ++i));
                case "--port" -> port = parsePort(value(args, ++i));
                case "--bootstrap-servers" -> bootstrap = value(args, ++i);
                case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                case "--run-file" -> runFile = Path.of(value(args, ++i));
                case "-h", "--help", "help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new LauncherArgs(config, port, bootstrap, dataDir, runFile, help);
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + text);
        }
    }
}
