package io.llmgateway.bench.batch;

import io.llmgateway.bench.floor.Partitions;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch job as the README's architecture describes one: it produces N prompts with priority batch straight to
 * the requests topic, each naming the job's own result topic, and reads the results from there.
 * Measures topic-to-result-topic throughput and each prompt's lag from send to result.
 */
public final class BatchDriver {

    private static final Logger log = LoggerFactory.getLogger(BatchDriver.class);

    private final GatewayConfig config;
    private final String tenantId;
    private final String apiKeyId;
    private final String model;
    private final String batchKey;

    /**
     * @param apiKeyId the key id the prompts carry, as the job's own producer would set it
     * @param batchKey the tenant's batch key: every prompt is signed with it, as accounting requires
     */
    public BatchDriver(GatewayConfig config, String tenantId, String apiKeyId, String model, String batchKey) {
        this.config = config;
        this.batchKey = batchKey;
        this.tenantId = tenantId;
        this.apiKeyId = apiKeyId;
        this.model = model;
    }

    /**
     * Sends {@code prompts} requests and waits for their results, at most {@code timeout}.
     */
    public BatchResult run(int prompts, Duration timeout) {
        String jobId = "bench-batch-" + UUID.randomUUID();
        Topic<String, Reply> results = Topics.replies(config.topics().batchReplyPrefix(tenantId) + jobId);
        PipelineTopics.ensure(config, results.name());
        Map<String, Long> sentNanos = new ConcurrentHashMap<>(prompts * 2);
        Map<String, Long> errors = new TreeMap<>();
        java.util.Set<String> unsent = ConcurrentHashMap.newKeySet();
        Histogram lag = new Histogram(3);
        long answered = 0;
        long firstSend;
        long lastSend;
        long lastResult = 0;

        try (KafkaConsumer<String, byte[]> reader = resultReader(results.name());
             KafkaProducer<String, GatewayRequest> producer = batchProducer(jobId)) {
            firstSend = System.nanoTime();
            long createdMs = System.currentTimeMillis();
            for (int i = 0; i < prompts; i++) {
                GatewayRequest request = prompt(i, results.name(), createdMs, timeout);
                sentNanos.put(request.requestId(), System.nanoTime());
                producer.send(new ProducerRecord<>(config.topics().requests(), tenantId, request), (metadata, e) -> {
                    if (e != null) {
                        unsent.add(request.requestId());
                        log.warn("batch prompt {} was not produced: {}", request.requestId(), e.toString());
                    }
                });
            }
            producer.flush();
            lastSend = System.nanoTime();
            log.info("batch {}: {} prompts produced in {} ms", jobId, prompts, (lastSend - firstSend) / 1_000_000);

            long until = firstSend + timeout.toNanos();
            long seen = 0;
            while (seen < prompts && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    Reply reply = results.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    Long sent = sentNanos.remove(reply.requestId());
                    if (sent == null || !reply.kind().isTerminal()) {
                        continue; // a duplicate, or a chunk
                    }
                    long now = System.nanoTime();
                    seen++;
                    lastResult = now;
                    if (reply.kind() == ReplyKind.FINAL) {
                        answered++;
                        lag.recordValue((now - sent) / 1000);
                    } else {
                        errors.merge(reply.error().code() == null ? String.valueOf(reply.error().status())
                                : reply.error().code(), 1L, Long::sum);
                    }
                }
            }
        }
        if (!unsent.isEmpty()) {
            errors.put("not produced", (long) unsent.size());
            unsent.forEach(sentNanos::remove);
        }
        double seconds = (Math.max(lastResult, lastSend) - firstSend) / 1e9;
        return new BatchResult(prompts, answered, errors, prompts * 1e9 / Math.max(1, lastSend - firstSend),
                (answered + errors.values().stream().mapToLong(Long::longValue).sum()) / Math.max(seconds, 1e-9),
                seconds, lag, sentNanos.keySet().stream().sorted().limit(5).toList());
    }

    private GatewayRequest prompt(int i, String resultTopic, long createdMs, Duration timeout) {
        List<ChatMessage> messages = List.of(ChatMessage.system("Be brief."),
                ChatMessage.user("Batch prompt " + i + ": please summarise please summarise please summarise"));
        return new GatewayRequest(UUID.randomUUID().toString(), tenantId, "default", apiKeyId, model, messages,
                SamplingParams.DEFAULTS, false, resultTopic, createdMs, createdMs + timeout.toMillis() * 2,
                Priority.BATCH, CachePolicy.DEFAULT, null, 24, null);
    }

    /**
     * The batch job's own producer: the gateway's settings plus a little linger and larger
     * batches, as a throughput-minded job would set them (its prompts wait for no one).
     */
    private KafkaProducer<String, GatewayRequest> batchProducer(String jobId) {
        Properties props = KafkaClients.producer(config.kafka(), jobId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        return new KafkaProducer<>(props, requests.keySerde().serializer(),
                new SigningSerializer<>(requests.valueSerde().serializer(), RequestSignature.Signer.TENANT, batchKey));
    }

    private KafkaConsumer<String, byte[]> resultReader(String topic) {
        Properties props = KafkaClients.rawConsumer(config.kafka(), topic, topic);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = Partitions.of(reader, topic);
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        return reader;
    }
}
