package io.llmgateway.common.config;

/**
 * Where Kafka is and how the pipeline's topics are laid out.
 *
 * @param partitions partitions of each pipeline topic when the gateway creates it
 * @param replicationFactor replication of each topic the gateway creates (1 on a dev broker)
 * @param security TLS and SASL of every client; PLAINTEXT when unset
 * @param maxRecordBytes the largest record the gateway produces: every producer's
 *     {@code max.request.size}, and {@code max.message.bytes} of each topic the gateway creates;
 *     {@code ingress.max_body_bytes} must leave room under it ({@link GatewayConfig} checks).
 *     Kafka's default (1 MiB) when unset; above the broker's {@code message.max.bytes}, raise that too
 */
public record KafkaSettings(String bootstrapServers, int partitions, short replicationFactor,
                            KafkaSecurity security, Integer maxRecordBytes) {

    /** Kafka's own default {@code max.request.size}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            bootstrapServers = "127.0.0.1:9092";
        }
        partitions = partitions <= 0 ? 6 : partitions;
        replicationFactor = replicationFactor <= 0 ? 1 : replicationFactor;
        security = security == null ? KafkaSecurity.PLAINTEXT : security;
        maxRecordBytes = maxRecordBytes == null ? DEFAULT_MAX_RECORD_BYTES : maxRecordBytes;
        if (maxRecordBytes < 64 * 1024) {
            throw new IllegalArgumentException("max_record_bytes must be at least 65536, was " + maxRecordBytes);
        }
    }

    /** Settings with Kafka's default record limit. */
    public KafkaSettings(String bootstrapServers, int partitions, short replicationFactor, KafkaSecurity security) {
        this(bootstrapServers, partitions, replicationFactor, security, null);
    }

    /** Settings of a PLAINTEXT cluster. */
    public KafkaSettings(String bootstrapServers, int partitions, short replicationFactor) {
        this(bootstrapServers, partitions, replicationFactor, null);
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, partitions, replicationFactor, security, maxRecordBytes);
    }

    public KafkaSettings withSecurity(KafkaSecurity newSecurity) {
        return new KafkaSettings(bootstrapServers, partitions, replicationFactor, newSecurity, maxRecordBytes);
    }
}
