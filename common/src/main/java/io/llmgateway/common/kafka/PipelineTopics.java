package io.llmgateway.common.kafka;

import io.llmgateway.common.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics when they are missing; safe to call from every instance at start. */
public final class PipelineTopics {

    private static final Logger log = LoggerFactory.getLogger(PipelineTopics.class);

    private PipelineTopics() {}

    /**
     * The shared topics, plus any extra (a caller's reply topic). The cache entries topic is
     * compacted and has as many partitions as the others: the cache relies on a tenant's entries
     * sitting in the partition number its admitted requests come from. The tenant state and the
     * hourly cost rollups are compacted too (the latest record of a key is the current value).
     * Requests and usage are created with the same partition count on purpose: accounting keeps a
     * tenant's state in one task, which reads partition N of both (see accounting-stream's README).
     */
    public static void ensure(GatewayConfig config, String... extraTopics) {
        var names = config.topics();
        List<String> wanted = new ArrayList<>(List.of(names.requests(), names.admitted(), names.routable(),
                names.usage(), names.deadLetter(), names.cacheEntries(), names.tenantState(), names.costs(),
                names.costsHourly(), names.budgetAlerts(), names.cancels()));
        Set<String> compacted = Set.copyOf(List.of(names.cacheEntries(), names.tenantState(), names.costsHourly()));
        wanted.addAll(List.of(extraTopics));
        var kafka = config.kafka();
        var props = new java.util.Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream()
                    .filter(t -> !existing.contains(t))
                    .distinct()
                    .map(t -> {
                        NewTopic topic = new NewTopic(t, kafka.partitions(), kafka.replicationFactor());
                        return compacted.contains(t)
                                ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                                : topic;
                    })
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                // Another instance created them first: that is the outcome we wanted.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + kafka.bootstrapServers(), e.getCause());
        }
    }
}
