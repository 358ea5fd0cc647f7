package io.llmgateway.ingress;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the rest of the pipeline for the ingress under test: reads {@code llm.requests} and
 * answers each request on its reply topic, as the last user message asks:
 * <ul>
 *   <li>{@code please ignore}: no answer at all;
 *   <li>{@code please fail}: an error reply (429, retry after 1500 ms);
 *   <li>{@code please twice}: a final reply "first", then another final reply "second";
 *   <li>{@code please garbage}: bytes that are no reply, then a final reply;
 *   <li>anything else: a final reply {@code echo: <message>}.
 * </ul>
 * Every record read is kept, raw, for the test to inspect.
 */
final class FakePipeline implements AutoCloseable {

    static final TokenUsage COMPLETION_TOKENS = new TokenUsage(0, 3, 0);

    private final Topic<String, GatewayRequest> requests;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closing;

    FakePipeline(GatewayConfig config) {
        this.requests = config.topics().requestsTopic();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "fake-pipeline");
    }

    FakePipeline start() {
        List<TopicPartition> partitions = consumer.partitionsFor(requests.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
        return this;
    }

    /** Every record seen on the requests topic so far, in the order read. */
    List<ConsumerRecord<String, byte[]>> seen() {
        return List.copyOf(seen);
    }

    GatewayRequest request(ConsumerRecord<String, byte[]> record) {
        return requests.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    seen.add(record);
                    answer(request(record));
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    private void answer(GatewayRequest request) {
        String id = request.requestId();
        long now = System.currentTimeMillis();
        String said = request.messages().getLast().text();
        switch (said) {
            case "please ignore" -> { }
            case "please fail" -> send(request, Reply.failure(id, 0, 0,
                    new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", "Slow down.", 1500L), now));
            case "please twice" -> {
                send(request, finalReply(request, "first", now));
                send(request, finalReply(request, "second", now));
            }
            case "please garbage" -> {
                sendRaw(request, "{not a reply".getBytes(StandardCharsets.UTF_8));
                send(request, finalReply(request, "after garbage", now));
            }
            default -> send(request, finalReply(request, "echo: " + said, now));
        }
        producer.flush();
    }

    private static Reply finalReply(GatewayRequest request, String content, long now) {
        return Reply.complete(request.requestId(), 0, 1, "provider-model", "mock", content, FinishReason.STOP,
                new TokenUsage(request.estimatedInputTokens(), COMPLETION_TOKENS.outputTokens(), 0),
                CacheStatus.MISS, now);
    }

    private void send(GatewayRequest request, Reply reply) {
        Topic<String, Reply> topic = Topics.replies(request.replyTopic());
        sendRaw(request, topic.valueSerde().serializer().serialize(topic.name(), reply));
    }

    private void sendRaw(GatewayRequest request, byte[] value) {
        producer.send(new ProducerRecord<>(request.replyTopic(), request.requestId(), value));
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(5));
    }
}
