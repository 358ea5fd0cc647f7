package io.llmgateway.bench.floor;

import io.llmgateway.bench.load.Answer;
import io.llmgateway.bench.load.LoadTarget;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor: a bare Kafka pipeline shaped like the gateway's sync path, with no work in it.
 * <pre>
 *   edge producer -> requests -> stage -> admitted -> stage -> routable -> stage -> replies -> edge reader
 * </pre>
 * Four topic hops, three consume-produce stages in between (the gateway's accounting, cache and
 * router), the same client settings ({@link KafkaClients}), the same keys (tenant, then request
 * id), the same partition count and value size, on the same broker. Whatever the gateway's path
 * takes beyond this is the gateway's own cost.
 *
 * <p>Optionally the first stage is transactional, as the gateway's exactly-once admission is:
 * the difference prices exactly-once itself, apart from Kafka Streams.
 */
public final class KafkaFloor implements LoadTarget {

    private static final Logger log = LoggerFactory.getLogger(KafkaFloor.class);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final String tenantKey;
    private final byte[] payload;
    private final List<ForwardingStage> stages;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Thread replyThread;
    private final Map<Long, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();
    private final String requestsTopic;
    private volatile boolean closing;

    private KafkaFloor(String name, KafkaSettings kafka, String prefix, boolean exactlyOnceFirstStage,
                       String tenantKey, byte[] payload) {
        this.name = name;
        this.tenantKey = tenantKey;
        this.payload = payload;
        this.requestsTopic = prefix + ".requests";
        String admitted = prefix + ".admitted";
        String routable = prefix + ".routable";
        String replyTopic = prefix + ".replies";
        createTopics(kafka, List.of(requestsTopic, admitted, routable, replyTopic));
        this.stages = List.of(
                new ForwardingStage(kafka, prefix + "-admission", requestsTopic, admitted,
                        ForwardingStage.Key.KEEP, exactlyOnceFirstStage),
                new ForwardingStage(kafka, prefix + "-cache", admitted, routable, ForwardingStage.Key.SEQUENCE, false),
                new ForwardingStage(kafka, prefix + "-router", routable, replyTopic, ForwardingStage.Key.KEEP, false));
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, prefix + "-edge"), new StringSerializer(),
                new ByteArraySerializer());
        Properties readerProps = ForwardingStage.consumerProperties(kafka, prefix + "-edge-replies");
        readerProps.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, like the ingress's reply reader
        this.replies = new KafkaConsumer<>(readerProps);
        List<TopicPartition> partitions = Partitions.of(replies, replyTopic);
        replies.assign(partitions);
        replies.seekToBeginning(partitions);
        this.replyThread = Thread.ofPlatform().name(prefix + "-edge-replies").unstarted(this::readReplies);
    }

    /**
     * Creates the floor's topics under {@code prefix} and starts its stages; returns once every
     * stage owns its partitions.
     *
     * @param payload each request's value: a serialized request of the size the gateway sends
     */
    public static KafkaFloor start(String name, KafkaSettings kafka, String prefix, boolean exactlyOnceFirstStage,
                                   String tenantKey, byte[] payload) {
        KafkaFloor floor = new KafkaFloor(name, kafka, prefix, exactlyOnceFirstStage, tenantKey, payload);
        try {
            floor.producer.partitionsFor(floor.requestsTopic); // metadata now, not on the first send's clock
            floor.stages.forEach(ForwardingStage::start);
            for (ForwardingStage stage : floor.stages) {
                if (!stage.awaitAssigned(ASSIGNMENT_TIMEOUT)) {
                    throw new IllegalStateException("floor stage got no partitions within " + ASSIGNMENT_TIMEOUT);
                }
            }
            floor.replyThread.start();
            return floor;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            floor.close();
            throw new IllegalStateException("interrupted while starting the floor", e);
        } catch (RuntimeException e) {
            floor.close();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Answer> send(long sequence) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        pending.put(sequence, answer);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(FloorRecords.SEQUENCE_HEADER, FloorRecords.encode(sequence)));
        producer.send(new ProducerRecord<>(requestsTopic, null, tenantKey, payload, headers), (metadata, e) -> {
            if (e != null && pending.remove(sequence) != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private void readReplies() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : replies.poll(Duration.ofMillis(100))) {
                    CompletableFuture<Answer> answer = pending.remove(FloorRecords.sequence(record));
                    if (answer != null) {
                        answer.complete(Answer.ok());
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer.
        } catch (RuntimeException e) {
            log.error("floor reply reader failed", e);
        } finally {
            replies.close();
        }
    }

    /** Each stage's polls (and commits) since the last call: what the last run did inside the floor. */
    public List<String> stagesSinceLastCall() {
        return stages.stream().map(ForwardingStage::describeSinceLastCall).toList();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return; // closed when its runs were done, then again by the suite's try-with-resources
        }
        closing = true;
        replies.wakeup();
        try {
            replyThread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stages.forEach(ForwardingStage::close);
        producer.close(Duration.ofSeconds(5));
    }

    private static void createTopics(KafkaSettings kafka, List<String> names) {
        try (Admin admin = Admin.create(KafkaClients.connection(kafka))) {
            admin.createTopics(names.stream()
                    .map(n -> new NewTopic(n, kafka.partitions(), kafka.replicationFactor())).toList()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the floor's topics " + names, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
