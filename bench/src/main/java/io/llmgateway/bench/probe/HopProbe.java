package io.llmgateway.bench.probe;

import io.llmgateway.bench.floor.Partitions;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the gateway's Kafka path into its hops by watching every topic of it with one
 * {@code read_committed} consumer: the time a record becomes visible there is the time the
 * next stage could first see it. With the timestamps the records carry (the request's
 * {@code created_at_ms} at the ingress, the router's provider call in its usage record), each
 * request's path is cut into:
 * <pre>
 *   ingress publish   created_at_ms           -> visible on requests
 *   accounting        visible on requests     -> visible on admitted   (Kafka Streams; under exactly-once, at commit)
 *   cache             visible on admitted     -> visible on routable
 *   router pick-up    visible on routable     -> provider call starts  (usage started_at_ms)
 *   provider call     started_at_ms           -> finished_at_ms
 *   router publish    finished_at_ms          -> visible on the reply topic
 * </pre>
 * Millisecond clocks, all in this JVM: good for medians and tails over many requests, not for
 * one request. The probe's own fetches add a little load; run it at a low rate.
 */
public final class HopProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HopProbe.class);

    public static final List<String> HOPS = List.of("ingress publish", "accounting (Kafka Streams)", "cache",
            "router pick-up", "provider call", "router publish", "Kafka path total");

    /** Per request id: created, requests, admitted, routable, call start, call end, reply (epoch ms; 0 = not seen). */
    private final Map<String, long[]> timelines = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicNames topics;
    private final String replyTopic;
    private final Thread thread;
    private volatile boolean closing;

    public HopProbe(GatewayConfig config, String replyTopic) {
        this.topics = config.topics();
        this.replyTopic = replyTopic;
        Properties props = KafkaClients.rawConsumer(config.kafka(), "bench-probe", "bench-probe");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.requests(), topics.admitted(), topics.routable(), topics.usage(),
                replyTopic)) {
            partitions.addAll(Partitions.of(consumer, topic));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // positions now, so nothing sent after start is missed
        this.thread = Thread.ofPlatform().name("bench-probe").unstarted(this::run);
    }

    public HopProbe start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!closing) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> record : records) {
                    note(record, now);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer.
        } catch (RuntimeException e) {
            log.error("hop probe failed", e);
        } finally {
            consumer.close();
        }
    }

    private void note(ConsumerRecord<String, byte[]> record, long visibleMs) {
        String topic = record.topic();
        if (topic.equals(replyTopic)) {
            Reply reply = Topics.replies(topic).valueSerde().deserializer().deserialize(topic, record.value());
            timeline(reply.requestId())[6] = visibleMs;
        } else if (topic.equals(topics.usage())) {
            UsageRecord usage = Topics.USAGE.valueSerde().deserializer().deserialize(topic, record.value());
            long[] t = timeline(usage.requestId());
            t[4] = usage.startedAtMs();
            t[5] = usage.finishedAtMs();
        } else {
            GatewayRequest request = Topics.REQUESTS.valueSerde().deserializer().deserialize(topic, record.value());
            long[] t = timeline(request.requestId());
            t[0] = request.createdAtMs();
            int slot = topic.equals(topics.requests()) ? 1 : topic.equals(topics.admitted()) ? 2 : 3;
            t[slot] = visibleMs;
        }
    }

    private long[] timeline(String requestId) {
        return timelines.computeIfAbsent(requestId, id -> new long[7]);
    }

    /** Per hop (in {@link #HOPS} order), the distribution in milliseconds over the requests seen whole. */
    public Map<String, Histogram> hops() {
        Map<String, Histogram> hops = new LinkedHashMap<>();
        HOPS.forEach(h -> hops.put(h, new Histogram(3)));
        for (long[] t : timelines.values()) {
            boolean whole = true;
            for (long v : t) {
                whole &= v > 0;
            }
            if (!whole) {
                continue;
            }
            long[] points = {t[0], t[1], t[2], t[3], t[4], t[5], t[6]};
            for (int i = 0; i < 6; i++) {
                hops.get(HOPS.get(i)).recordValue(Math.max(0, points[i + 1] - points[i]));
            }
            hops.get(HOPS.get(6)).recordValue(Math.max(0, t[6] - t[0]));
        }
        return hops;
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
