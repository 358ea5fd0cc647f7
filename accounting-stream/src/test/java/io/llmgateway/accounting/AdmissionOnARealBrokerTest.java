package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.config.TopicNames;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.testkit.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission hop on a real broker, exactly-once: what ingress produces to the requests topic
 * reaches a read_committed reader of the admitted topic, with its reservation. Also logs the
 * hop's latency as a caller sees it (send to committed read), which includes the commit interval.
 */
class AdmissionOnARealBrokerTest {

    private static final Logger log = LoggerFactory.getLogger(AdmissionOnARealBrokerTest.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** tenant-a and tenant-0 .. tenant-7, without limits: accounting serves only tenants it knows. */
    private static final Map<String, TenantConfig> TENANTS = Stream.concat(Stream.of("tenant-a"),
                    IntStream.range(0, 8).mapToObj(i -> "tenant-" + i))
            .collect(Collectors.toMap(t -> t, t -> new TenantConfig(null, null, null)));

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void aRequestProducedToRequestsIsReadCommittedFromAdmittedWithItsReservation() throws Exception {
        GatewayConfig config = config(TopicNames.DEFAULTS, AccountingSettings.DEFAULTS.commitInterval());

        try (Hop hop = Hop.start(config)) {
            GatewayRequest sent = request("req-first", "tenant-a", 256, 44);
            ConsumerRecord<String, GatewayRequest> out = hop.roundTrip(sent);

            assertThat(out.topic()).isEqualTo("llm.admitted");
            assertThat(out.key()).isEqualTo("tenant-a");
            assertThat(out.value().requestId()).isEqualTo("req-first");
            assertThat(out.value().reservation().tokens()).isEqualTo(300);
            assertThat(out.value().reservation().requests()).isEqualTo(1);

            logLatency(hop, config, 30, 300);
        }
    }

    @Test
    void theStreamsDefaultCommitIntervalOf100msIsMeasuredForComparison() throws Exception {
        TopicNames topics = new TopicNames("c100.requests", "c100.admitted", "c100.routable", "c100.usage",
                "c100.dead-letter", null);
        GatewayConfig config = config(topics, Duration.ofMillis(100));

        try (Hop hop = Hop.start(config)) {
            logLatency(hop, config, 10, 60);
        }
    }

    private static GatewayConfig config(TopicNames topics, Duration commitInterval) {
        String applicationId = "accounting-it-" + topics.requests().replace('.', '-');
        return new GatewayConfig(new KafkaSettings(KAFKA.bootstrapServers(), 6, (short) 1), topics, null, null,
                null, new AccountingSettings(applicationId, commitInterval, null), null, null, TENANTS, null);
    }

    /**
     * One request in flight at a time, so each sample is the hop's latency, not queueing. The
     * reservation's admittedAtMs (the app's wall clock when it processed the request) splits the
     * hop into the way in (send, fetch) and the way out (produce, transaction commit, committed fetch).
     */
    private static void logLatency(Hop hop, GatewayConfig config, int warmUp, int samples) {
        for (int i = 0; i < warmUp; i++) {
            hop.roundTrip(request("warm-" + i, "tenant-" + (i % 8), 64, 10));
        }
        long[] totalMicros = new long[samples];
        long[] inMs = new long[samples];
        long[] outMs = new long[samples];
        for (int i = 0; i < samples; i++) {
            GatewayRequest request = request("req-" + i, "tenant-" + (i % 8), 64, 10);
            long sentAtMs = System.currentTimeMillis();
            long start = System.nanoTime();
            ConsumerRecord<String, GatewayRequest> admitted = hop.roundTrip(request);
            totalMicros[i] = (System.nanoTime() - start) / 1_000;
            long admittedAtMs = admitted.value().reservation().admittedAtMs();
            inMs[i] = admittedAtMs - sentAtMs;
            outMs[i] = System.currentTimeMillis() - admittedAtMs;
        }
        Arrays.sort(totalMicros);
        Arrays.sort(inMs);
        Arrays.sort(outMs);
        log.info("admission hop (send to llm.requests -> read_committed from admitted), {} samples, "
                        + "commit.interval.ms={}, {} partitions, broker {}, {} cores: "
                        + "p50 {} ms, p90 {} ms, p99 {} ms, max {} ms, mean {} ms; "
                        + "of which send->processed p50 {} ms p90 {} ms, processed->read p50 {} ms p90 {} ms",
                samples, config.accounting().commitInterval().toMillis(), config.kafka().partitions(), KAFKA.kind(),
                Runtime.getRuntime().availableProcessors(), ms(percentile(totalMicros, 50)),
                ms(percentile(totalMicros, 90)), ms(percentile(totalMicros, 99)), ms(totalMicros[samples - 1]),
                ms(Arrays.stream(totalMicros).sum() / samples), percentile(inMs, 50), percentile(inMs, 90),
                percentile(outMs, 50), percentile(outMs, 90));
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    /** The running app with an ingress-like producer before it and a finance-like reader after it. */
    private record Hop(AccountingService service, KafkaProducer<String, GatewayRequest> producer,
                       KafkaConsumer<String, GatewayRequest> consumer, Topic<String, GatewayRequest> requests)
            implements AutoCloseable {

        static Hop start(GatewayConfig config) throws InterruptedException {
            AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
            service.start();
            service.awaitRunning(Duration.ofSeconds(60));

            Topic<String, GatewayRequest> requests = config.topics().requestsTopic();
            Topic<String, GatewayRequest> admitted = config.topics().admittedTopic();
            var producer = BrokerSupport.ingressProducer(config, "it-ingress");

            Properties props = KafkaClients.rawConsumer(config.kafka(), "it-reader", "it-reader");
            // Said again here because it is the point of the test: only committed output is read.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            var consumer = new KafkaConsumer<>(props, admitted.keySerde().deserializer(),
                    admitted.valueSerde().deserializer());
            List<TopicPartition> partitions = IntStream.range(0, config.kafka().partitions())
                    .mapToObj(p -> new TopicPartition(admitted.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets now, not after the first send
            return new Hop(service, producer, consumer, requests);
        }

        /** Sends one request and returns it as read from the admitted topic. */
        ConsumerRecord<String, GatewayRequest> roundTrip(GatewayRequest request) {
            producer.send(new ProducerRecord<>(requests.name(), request.tenantId(), request));
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> others = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, GatewayRequest> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value().requestId().equals(request.requestId())) {
                        return record;
                    }
                    others.add(record.value().requestId());
                }
            }
            throw new AssertionError("request " + request.requestId() + " not admitted within " + WAIT
                    + " (read instead: " + others + ")");
        }

        @Override
        public void close() {
            try (service; producer; consumer) {
                // closed in reverse order: reader, producer, then the app
            }
        }
    }
}
