package io.llmgateway.common.config;

/**
 * Where Kafka is and how the pipeline's topics are laid out.
 *
 * @param partitions partitions of each pipeline topic when the gateway creates it
 * @param replicationFactor replication of each topic the gateway creates (1 on a dev broker)
 */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor) {

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            bootstrapServers = "127.0.0.1:9092";
        }
        partitions = partitions <= 0 ? 6 : partitions;
        replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, partitions, replicationFactor);
    }
}
