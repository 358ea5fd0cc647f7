package io.llmgateway.common;

import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSecurity;
import io.llmgateway.common.logging.LogFormat;
import java.nio.file.Path;

/**
 * The command line every service main accepts: {@code --config FILE} and
 * {@code --bootstrap-servers HOST:PORT} (which wins over the file's kafka section). From the
 * environment: {@code GATEWAY_CONFIG}, {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KAFKA_USERNAME},
 * which wins over {@code kafka.security.username} so that services sharing one config file each
 * connect as their own Kafka principal.
 */
public record ServiceArgs(Path config, String bootstrapServers, String kafkaUsername) {

    public ServiceArgs(Path config, String bootstrapServers) {
        this(config, bootstrapServers, null);
    }

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
        return new ServiceArgs(config, bootstrap, System.getenv("KAFKA_USERNAME"));
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
        if (kafkaUsername != null && !kafkaUsername.isBlank()) {
            try {
                KafkaSecurity own = loaded.kafka().security().withUsername(kafkaUsername);
                loaded = loaded.withKafka(loaded.kafka().withSecurity(own));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("KAFKA_USERNAME is set, but kafka.security: " + e.getMessage(), e);
            }
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
