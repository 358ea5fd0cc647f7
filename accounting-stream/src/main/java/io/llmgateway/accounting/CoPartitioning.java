package io.llmgateway.accounting;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Admission (on requests) and reconciliation (on usage) share a tenant's ledger, so partition N
 * of both topics must hold the same tenants: same partition count, both keyed by tenant id with
 * the default partitioner. Streams does not check this for a shared store; this does, at start.
 */
final class CoPartitioning {

    private CoPartitioning() {}

    static void check(Admin admin, String requests, String usage) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> topics = admin.describeTopics(java.util.List.of(requests, usage))
                .allTopicNames().get();
        int requestPartitions = topics.get(requests).partitions().size();
        int usagePartitions = topics.get(usage).partitions().size();
        if (requestPartitions != usagePartitions) {
            throw new IllegalStateException(requests + " has " + requestPartitions + " partitions and " + usage
                    + " has " + usagePartitions + ": accounting needs them co-partitioned (the same count, both keyed"
                    + " by tenant id), or a tenant's usage would reach another task than its requests");
        }
    }
}
