package io.llmgateway.common.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition the producer's default partitioner gives a record keyed by a tenant id (murmur2
 * of the key bytes), for records keyed otherwise that must sit in their tenant's partition:
 * cache entries (key tenant + exact key) go where the tenant's admitted requests go.
 */
public final class TenantPartitions {

    private TenantPartitions() {}

    public static int partitionOf(String tenantId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(tenantId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
