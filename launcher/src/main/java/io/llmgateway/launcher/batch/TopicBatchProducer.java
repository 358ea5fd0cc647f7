package io.llmgateway.launcher.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.ingress.batch.ResultLine;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The topic contract, runnable: a batch job that skips HTTP and produces straight to
 * {@code llm.requests} (README, "Batch jobs on the topics"). It reads an OpenAI batch input file
 * (text messages), produces one signed {@code GatewayRequest} a line with priority {@code batch},
 * request id {@code <job id>-<line>}, answering on the job's own result topic
 * {@code llm.replies.batch.<tenant>.<job id>}, then reads one terminal {@code Reply} per request
 * from there and writes OpenAI's output format.
 * <pre>
 *   TopicBatchProducer --config FILE --bootstrap-servers H:P --tenant T --input IN.jsonl --output OUT.jsonl
 * </pre>
 * The tenant's batch key comes from the variable {@code tenants.<t>.batch_signing_key_env} names.
 */
public final class TopicBatchProducer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(10);

    private final GatewayConfig config;
    private final String tenantId;
    private final String batchKey;

    public TopicBatchProducer(GatewayConfig config, String tenantId, String batchKey) {
        this.config = config;
        this.tenantId = tenantId;
        this.batchKey = batchKey;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--config", "--tenant", "--input", "--output")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: TopicBatchProducer --config FILE [--bootstrap-servers H:P] --tenant T"
                        + " --input IN.jsonl --output OUT.jsonl");
                System.exit(2);
            }
        }
        GatewayConfig config = GatewayConfig.load(Path.of(options.get("--config")));
        if (options.containsKey("--bootstrap-servers")) {
            config = config.withKafka(config.kafka().withBootstrapServers(options.get("--bootstrap-servers")));
        }
        String tenant = options.get("--tenant");
        String key = ProducerKeys.resolve(config, Secrets.environment()).batch(tenant).orElseThrow(() ->
                new IllegalArgumentException("tenant '" + tenant + "' has no batch_signing_key_env"));
        int answered = new TopicBatchProducer(config, tenant, key).run(Path.of(options.get("--input")),
                Path.of(options.get("--output")));
        System.err.println(answered + " lines answered; output: " + options.get("--output"));
    }

    /** Runs one job; returns how many lines were answered (every line is, unless it timed out). */
    public int run(Path input, Path output) throws IOException {
        String jobId = "job-" + UUID.randomUUID();
        // 1. The job's own result topic, under the tenant's prefix (admission refuses any other).
        String resultTopic = config.topics().batchReplyPrefix(tenantId) + jobId;
        PipelineTopics.ensure(config, resultTopic);
        Map<String, GatewayRequest> sent = new LinkedHashMap<>();
        Map<String, String> customIds = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        List<String> lines = Files.readAllLines(input);
        // 2. One signed record a line, keyed by tenant.
        try (KafkaProducer<String, GatewayRequest> producer = producer(jobId)) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode line = JSON.readTree(lines.get(i));
                GatewayRequest request = request(jobId + "-" + (i + 1), line.get("body"), resultTopic, now);
                sent.put(request.requestId(), request);
                customIds.put(request.requestId(), line.get("custom_id").asText());
                producer.send(new ProducerRecord<>(config.topics().requests(), tenantId, request));
            }
        }
        // 3. One terminal reply per request id from the result topic (drop chunks and duplicates).
        Map<String, ResultLine> results = new LinkedHashMap<>();
        Topic<String, Reply> replies = Topics.replies(resultTopic);
        long until = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, byte[]> reader = reader(resultTopic)) {
            while (results.size() < sent.size() && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    Reply reply = replies.valueSerde().deserializer().deserialize(resultTopic, record.value());
                    GatewayRequest request = sent.get(reply.requestId());
                    if (request != null && reply.kind().isTerminal() && !results.containsKey(reply.requestId())) {
                        results.put(reply.requestId(), ResultLine.answered(customIds.get(reply.requestId()), request,
                                reply, System.currentTimeMillis()));
                    }
                }
            }
        }
        // 4. OpenAI's output format, in input order.
        try (OutputStream out = Files.newOutputStream(output)) {
            for (String requestId : sent.keySet()) {
                ResultLine line = results.get(requestId);
                if (line != null) {
                    out.write(line.json());
                    out.write('\n');
                }
            }
        }
        PipelineTopics.deleteQuietly(config, resultTopic, Duration.ofSeconds(5));
        return results.size();
    }

    /** A line's body as the pipeline's request: text messages, model, max_tokens, temperature. */
    private GatewayRequest request(String requestId, JsonNode body, String resultTopic, long nowMs) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : body.get("messages")) {
            String text = message.get("content").asText();
            messages.add(switch (message.get("role").asText()) {
                case "system", "developer" -> ChatMessage.system(text);
                case "assistant" -> ChatMessage.assistant(text);
                default -> ChatMessage.user(text);
            });
        }
        SamplingParams params = new SamplingParams(body.has("temperature") ? body.get("temperature").asDouble() : null,
                null, body.has("max_tokens") ? body.get("max_tokens").asInt() : null, null, null, null, null, null);
        TenantConfig tenant = config.tenants().get(tenantId);
        return new GatewayRequest(requestId, tenantId, tenant.projects().getFirst(), "topic-producer",
                body.get("model").asText(), messages, params, false, resultTopic, nowMs, nowMs + WAIT.toMillis(),
                Priority.BATCH, CachePolicy.DEFAULT, null, 0, null, null);
    }

    private KafkaProducer<String, GatewayRequest> producer(String jobId) {
        Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
        return new KafkaProducer<>(KafkaClients.producer(config.kafka(), jobId), requests.keySerde().serializer(),
                new SigningSerializer<>(requests.valueSerde().serializer(), RequestSignature.Signer.TENANT, batchKey));
    }

    private KafkaConsumer<String, byte[]> reader(String topic) {
        Properties props = KafkaClients.rawConsumer(config.kafka(), topic, topic);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        return reader;
    }
}
