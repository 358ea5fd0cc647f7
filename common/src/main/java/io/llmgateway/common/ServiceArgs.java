package io.llmgateway.common;

import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.logging.LogFormat;
import java.nio.file.Path;

/**
 * The command line every service main accepts: {@code --config FILE} and
 * {@code --bootstrap-servers HOST:PORT} (which wins over the file's kafka section).
 */
public record ServiceArgs(Path config, String bootstrapServers) {

    public static ServiceArgs parse(String... args) {
        Path config = Path.of(System.getenv().getOrDefault("GATEWAY_CONFIG", "config/gateway.example.yaml"));
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, "--bootstrap-servers");
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --config FILE, --bootstrap-servers HOST:PORT)");
            }
        }
        return new ServiceArgs(config, bootstrap);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** Loads the config file and applies the overrides of the command line. */
    public GatewayConfig load() {
        GatewayConfig loaded = GatewayConfig.load(config);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            loaded = loaded.withKafka(loaded.kafka().withBootstrapServers(bootstrapServers));
        }
        return loaded;
    }

    /** Runs a service main: a bad config or argument is one clear line and exit code 2. */
    public static GatewayConfig loadOrExit(String... args) {
        try {
            LogFormat.check();
            return parse(args).load();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }
}
