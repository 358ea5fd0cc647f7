package io.llmgateway.common.kafka;

import io.llmgateway.common.config.GatewayConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics when they are missing; safe to call from every instance at start. */
public final class PipelineTopics {

    private static final Logger log = LoggerFactory.getLogger(PipelineTopics.class);

    private PipelineTopics() {}

    /** Replies are worthless once their request's deadline has passed: an hour of them is plenty. */
    public static final Duration REPLY_RETENTION = Duration.ofHours(1);

    /** The request log is for looking back at recent traffic, not an archive: a week of it. */
    public static final Duration REQUEST_LOG_RETENTION = Duration.ofDays(7);

    /**
     * The shared topics, plus any extra (a caller's reply topic). The cache entries topic is
     * compacted and has as many partitions as the others: the cache relies on a tenant's entries
     * sitting in the partition number its admitted requests come from. The tenant state and the
     * hourly cost rollups are compacted too (the latest record of a key is the current value), and so
     * is the idempotency topic, whose records are also deleted after {@code accounting.dedup_window}.
     * The request log keeps {@link #REQUEST_LOG_RETENTION} of records, by time.
     * Requests and usage are created with the same partition count on purpose: accounting keeps a
     * tenant's state in one task, which reads partition N of both (see accounting-stream's README).
     */
    public static void ensure(GatewayConfig config, String... extraTopics) {
        var names = config.topics();
        List<String> wanted = new ArrayList<>(List.of(names.requests(), names.admitted(), names.routable(),
                names.usage(), names.deadLetter(), names.cacheEntries(), names.tenantState(), names.costs(),
                names.costsHourly(), names.budgetAlerts(), names.cancels(), names.requestLog()));
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, Map<String, String>> special = new HashMap<>(Map.of(names.cacheEntries(), compact,
                names.tenantState(), compact, names.costsHourly(), compact, names.requestLog(), Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(REQUEST_LOG_RETENTION.toMillis()))));
        wanted.addAll(List.of(extraTopics));
        // An idempotency key's latest record is what it stands for; after the window it is deleted, as
        // its request id is forgotten by admission then.
        special.put(names.idempotency(), Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.accounting().dedupWindow().toMillis())));
        wanted.add(names.idempotency());
        createMissing(config, wanted.stream().distinct()
                .map(t -> topic(config, t, special.getOrDefault(t, Map.of()))).toList());
    }

    /** The shared topics and an ingress instance's reply topic, which keeps its records {@link #REPLY_RETENTION}. */
    public static void ensureWithReplyTopic(GatewayConfig config, String replyTopic) {
        ensure(config);
        createMissing(config, List.of(topic(config, replyTopic,
                Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(REPLY_RETENTION.toMillis())))));
    }

    /** Compacted topics outside the pipeline's own (the Batch API's files and jobs), created when missing. */
    public static void ensureCompacted(GatewayConfig config, List<String> topics) {
        createMissing(config, topics.stream().map(t -> topic(config, t,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))).toList());
    }

    /**
     * Deletes a topic nobody will read again (the reply topic of an instance whose name was
     * random), waiting at most {@code timeout}. Best effort: a failure is logged, never thrown,
     * since it runs on the way out; the topic's retention bounds what a leftover keeps.
     */
    public static void deleteQuietly(GatewayConfig config, String topic, Duration timeout) {
        try (Admin admin = Admin.create(adminProps(config))) {
            admin.deleteTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("deleted topic {}", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not delete topic {} (its retention will empty it): {}", topic, e.toString());
        }
    }

    private static NewTopic topic(GatewayConfig config, String name, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        // What the producers may send (kafka.max_record_bytes), the topic takes.
        all.putIfAbsent(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(config.kafka().maxRecordBytes()));
        return new NewTopic(name, config.kafka().partitions(), config.kafka().replicationFactor()).configs(all);
    }

    private static void createMissing(GatewayConfig config, List<NewTopic> wanted) {
        try (Admin admin = Admin.create(adminProps(config))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
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
            throw new IllegalStateException("cannot create topics on " + config.kafka().bootstrapServers(),
                    e.getCause());
        }
    }

    private static Properties adminProps(GatewayConfig config) {
        return KafkaClients.connection(config.kafka());
    }
}
