package io.llmgateway.common.config;

/**
 * Where Kafka is and how the pipeline's topics are laid out.
 *
 * @param partitions partitions of each pipeline topic when the gateway creates it
 * @param replicationFactor replication of each topic the gateway creates (1 on a dev broker)
 * @param security TLS and SASL of every client; PLAINTEXT when unset
 */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor,
                            KafkaSecurity security) {

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            bootstrapServers = "127.0.0.1:9092";
        }
        partitions = partitions <= 0 ? 6 : partitions;
        replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
        security = security == null ? KafkaSecurity.PLAINTEXT : security;
    }

    /** Settings of a PLAINTEXT cluster. */
    public KafkaSettings(String bootstrapServers, int partitions, short replicationFactor) {
        this(bootstrapServers, partitions, replicationFactor, null);
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, partitions, replicationFactor, security);
    }
}
