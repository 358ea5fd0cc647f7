package io.llmgateway.accounting;

import static io.llmgateway.accounting.BrokerSupport.committedReader;
import static io.llmgateway.accounting.BrokerSupport.producer;
import static io.llmgateway.accounting.BrokerSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import java.time.Clock;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits hold across replicas: three ingress-like producers send at once to two accounting
 * instances, and the tenant's limit holds globally because one task owns the tenant.
 */
class LimitsAcrossReplicasTest {

    private static final Logger log = LoggerFactory.getLogger(LimitsAcrossReplicasTest.class);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int INGRESSES = 3;

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** Two instances of the app, an ingress-like producer per "instance" with its own reply topic. */
    private record Cluster(GatewayConfig config, List<AccountingService> instances,
                           List<KafkaProducer<String, GatewayRequest>> ingresses) implements AutoCloseable {

        static Cluster start(String prefix, String tenantsYaml) throws InterruptedException {
            GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), prefix, 4, tenantsYaml);
            String[] replyTopics = IntStream.range(0, INGRESSES)
                    .mapToObj(i -> config.topics().repliesTopic("ingress-" + i).name()).toArray(String[]::new);
            PipelineTopics.ensure(config, replyTopics);
            List<AccountingService> instances = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
                instances.add(service);
                service.start();
            }
            for (AccountingService service : instances) {
                service.awaitRunning(Duration.ofSeconds(90));
            }
            List<KafkaProducer<String, GatewayRequest>> ingresses = new ArrayList<>();
            for (int i = 0; i < INGRESSES; i++) {
                ingresses.add(BrokerSupport.ingressProducer(config, prefix + "-ingress-" + i));
            }
            return new Cluster(config, instances, ingresses);
        }

        /** Sends every request at once: each ingress its share, from its own virtual thread. */
        void sendAtOnce(List<GatewayRequest> requests) throws InterruptedException {
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < INGRESSES; i++) {
                    int ingress = i;
                    threads.submit(() -> {
                        go.await();
                        for (int r = ingress; r < requests.size(); r += INGRESSES) {
                            GatewayRequest request = requests.get(r);
                            ingresses.get(ingress).send(new ProducerRecord<>(config.topics().requests(),
                                    request.tenantId(), request));
                        }
                        ingresses.get(ingress).flush();
                        return null;
                    });
                }
                go.countDown();
            }
        }

        String replyTopic(int ingress) {
            return config.topics().repliesTopic("ingress-" + ingress).name();
        }

        @Override
        public void close() {
            ingresses.forEach(KafkaProducer::close);
            instances.forEach(AccountingService::close);
        }
    }

    private static GatewayRequest request(Cluster cluster, String id, String tenant, String model, int maxTokens,
                                          int inputTokens, int ingress) {
        long now = System.currentTimeMillis();
        return Messages.request(id, tenant, "default", model, maxTokens, inputTokens, now,
                cluster.replyTopic(ingress));
    }

    /** Every request decided once: admitted (read_committed from admitted) or refused (on its ingress's reply topic). */
    private static Map<String, GatewayRequest> awaitDecisions(Cluster cluster, List<GatewayRequest> sent,
                                                              Map<String, Reply> refusals) {
        Set<String> ids = sent.stream().map(GatewayRequest::requestId).collect(Collectors.toSet());
        List<ConsumerRecord<String, GatewayRequest>> admitted = new ArrayList<>();
        List<ConsumerRecord<String, Reply>> replies = new ArrayList<>();
        try (KafkaConsumer<String, GatewayRequest> admittedReader = committedReader(cluster.config(),
                cluster.config().topics().admittedTopic());
             KafkaConsumer<String, Reply> replyReader = committedReader(cluster.config(),
                     io.llmgateway.schemas.Topics.replies(cluster.replyTopic(0)))) {
            replyReader.assign(IntStream.range(0, INGRESSES).boxed().flatMap(i -> replyReader
                    .partitionsFor(cluster.replyTopic(i)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))).toList());
            replyReader.seekToBeginning(replyReader.assignment());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (countOf(admitted, ids) + countOf(replies, ids) < ids.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + countOf(admitted, ids) + " admitted and "
                            + countOf(replies, ids) + " refused of " + ids.size() + " after " + WAIT);
                }
                admittedReader.poll(Duration.ofMillis(50)).forEach(admitted::add);
                replyReader.poll(Duration.ofMillis(50)).forEach(replies::add);
            }
        }
        Map<String, GatewayRequest> byId = new HashMap<>();
        for (var record : admitted) {
            if (ids.contains(record.value().requestId())) {
                assertThat(byId.put(record.value().requestId(), record.value())).as("admitted twice").isNull();
            }
        }
        for (var record : replies) {
            if (ids.contains(record.key())) {
                assertThat(refusals.put(record.key(), record.value())).as("refused twice").isNull();
            }
        }
        assertThat(byId.keySet()).doesNotContainAnyElementsOf(refusals.keySet());
        return byId;
    }

    private static long countOf(List<? extends ConsumerRecord<String, ?>> records, Set<String> ids) {
        return records.stream().filter(r -> ids.contains(r.value() instanceof GatewayRequest g ? g.requestId()
                : r.key())).count();
    }

    /** The most admitted in any sliding minute, as the one-second buckets count it. */
    private static long maxInAnyMinute(Iterable<GatewayRequest> admitted) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        admitted.forEach(r -> buckets.merge(SlidingWindow.bucketOf(r.reservation().admittedAtMs()),
                r.reservation().tokens(), Long::sum));
        return buckets.keySet().stream()
                .mapToLong(b -> buckets.subMap(b - SlidingWindow.WINDOW_MS, false, b, true).values().stream()
                        .mapToLong(Long::longValue).sum())
                .max().orElse(0);
    }

    @Test
    @Timeout(300)
    void twoHundredConcurrentRequestsFromThreeIngressesNeverPassTheTenantsTokenLimit() throws Exception {
        long limit = 20_000;
        try (Cluster cluster = Cluster.start("tpm", """
                tenants:
                  hot:
                    limits: {tokens_per_minute: %d}
                """.formatted(limit))) {
            Random random = new Random(42);
            List<GatewayRequest> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(request(cluster, "hot-" + i, "hot", "gpt-4o-mini", 100 + random.nextInt(400),
                        50 + random.nextInt(400), i % INGRESSES));
            }
            long biggestEstimate = requests.stream()
                    .mapToLong(r -> r.estimatedInputTokens() + r.params().maxTokens()).max().orElseThrow();

            long start = System.nanoTime();
            cluster.sendAtOnce(requests);
            Map<String, Reply> refusals = new HashMap<>();
            Map<String, GatewayRequest> admitted = awaitDecisions(cluster, requests, refusals);
            long decidedMs = (System.nanoTime() - start) / 1_000_000;

            long admittedTokens = maxInAnyMinute(admitted.values());
            log.info("TPM across replicas: limit {}, 200 requests from {} producers to 2 instances, decided in {} ms: "
                            + "{} admitted, {} refused, most admitted in a minute {} tokens (overshoot {} = {} of"
                            + " the biggest single estimate {})", limit, INGRESSES, decidedMs, admitted.size(),
                    refusals.size(), admittedTokens, admittedTokens - limit,
                    String.format("%.2f", (admittedTokens - limit) / (double) biggestEstimate), biggestEstimate);
            assertThat(admittedTokens).isLessThanOrEqualTo(limit + biggestEstimate);
            // Strict reservations: in fact never over, and the limit is used, not refused wholesale.
            assertThat(admittedTokens).isLessThanOrEqualTo(limit).isGreaterThan(limit - biggestEstimate);
            assertThat(refusals.values()).allSatisfy(reply -> {
                assertThat(reply.error().status()).isEqualTo(429);
                assertThat(reply.error().code()).isEqualTo("rate_limit_exceeded");
                assertThat(reply.error().retryAfterMs()).isPositive();
            });

            assertTheOwnerAnswersForTheTenantThroughEitherInstance(cluster, admitted.size(), refusals.size());
        }
    }

    /** Interactive queries: either instance's endpoint answers, from the instance that owns the tenant. */
    private static void assertTheOwnerAnswersForTheTenantThroughEitherInstance(Cluster cluster, int admitted,
                                                                               int refused) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            Set<String> servedBy = new java.util.HashSet<>();
            for (AccountingService instance : cluster.instances()) {
                URI uri = URI.create("http://127.0.0.1:" + instance.httpPort() + TenantQueries.PATH + "hot");
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode report = Json.MAPPER.readTree(response.body());
                servedBy.add(report.path("served_by").asText());
                assertThat(report.path("usage").path("in_flight").asInt()).isEqualTo(admitted);
                assertThat(report.path("limits").path("tenant").path("tokens").path("limit").asLong())
                        .isEqualTo(20_000);
            }
            assertThat(servedBy).hasSize(1);
            log.info("tenant 'hot' answered through both instances by its owner {} ({} admitted, {} refused)",
                    servedBy, admitted, refused);
        }
    }

    @Test
    @Timeout(300)
    void fiftyConcurrentRequestsAgainstANearlySpentBudgetOverspendNoMoreThanTheReservationsInFlight()
            throws Exception {
        // "pricey" costs a tenth of a cent a token; the budget is $10, of which $9 is spent.
        try (Cluster cluster = Cluster.start("budget", """
                prices:
                  as_of: 2026-08-21
                  models:
                    pricey: {input: 1000, output: 1000}
                tenants:
                  thrifty:
                    budget: {daily_usd: 10}
                """)) {
            GatewayConfig config = cluster.config();
            try (var usage = producer(config, config.topics().usageTopic(), "budget-prespend")) {
                for (int i = 0; i < 9; i++) {
                    UsageRecord spent = Messages.usage("spent-" + i, "thrifty", "default", "pricey", "pricey",
                            new TokenUsage(1_000, 0, 0), System.currentTimeMillis());
                    usage.send(new ProducerRecord<>(config.topics().usage(), "thrifty", spent));
                }
            }
            awaitCosts(config, 9);

            // Each reserves 100 tokens ($0.10): ten fit in the $1 left.
            List<GatewayRequest> requests = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                requests.add(request(cluster, "buy-" + i, "thrifty", "pricey", 90, 10, i % INGRESSES));
            }
            cluster.sendAtOnce(requests);
            Map<String, Reply> refusals = new HashMap<>();
            Map<String, GatewayRequest> admitted = awaitDecisions(cluster, requests, refusals);

            // The router's part, at its worst: every admitted request uses all it reserved.
            BigDecimal inFlight = BigDecimal.ZERO;
            try (var usage = producer(config, config.topics().usageTopic(), "budget-router")) {
                for (GatewayRequest request : admitted.values()) {
                    inFlight = inFlight.add(new BigDecimal("0.001").multiply(
                            BigDecimal.valueOf(request.reservation().tokens())));
                    UsageRecord used = Messages.usage(request.requestId(), "thrifty", "default", "pricey", "pricey",
                            new TokenUsage(10, 90, 0), request.createdAtMs());
                    usage.send(new ProducerRecord<>(config.topics().usage(), "thrifty", used));
                }
            }
            List<io.llmgateway.schemas.CostRecord> costs = awaitCosts(config, 9 + 50);
            BigDecimal spent = costs.stream().map(io.llmgateway.schemas.CostRecord::costUsd)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal overspend = spent.subtract(BigDecimal.TEN).max(BigDecimal.ZERO);
            log.info("budget across replicas: $10 daily, $9 spent, 50 concurrent requests of up to $0.10: {} admitted"
                            + " (${} reserved), {} refused; spent ${}, overspend ${}", admitted.size(),
                    inFlight.stripTrailingZeros().toPlainString(), refusals.size(),
                    spent.stripTrailingZeros().toPlainString(), overspend.toPlainString());
            assertThat(overspend).isLessThanOrEqualTo(inFlight);
            assertThat(spent).isLessThanOrEqualTo(BigDecimal.TEN);
            assertThat(admitted).hasSize(10);
            assertThat(refusals.values()).allSatisfy(reply -> assertThat(reply.error().code())
                    .isEqualTo("budget_exceeded"));
            assertThat(costs.stream().filter(c -> c.outcome() == Outcome.REJECTED)).hasSize(40);

            List<ConsumerRecord<String, BudgetAlert>> alerts = new ArrayList<>();
            try (var reader = committedReader(config, config.topics().budgetAlertsTopic())) {
                readUntil(reader, alerts, a -> a.size() >= 3, WAIT, "budget alerts");
                reader.poll(Duration.ofMillis(500)).forEach(alerts::add);
            }
            assertThat(BrokerSupport.values(alerts)).extracting(BudgetAlert::levelPercent)
                    .containsExactlyInAnyOrder(50, 80, 100);
        }
    }

    @Test
    void anInstanceRefusesToStartWhenRequestsAndUsageAreNotCoPartitioned() throws Exception {
        GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), "skewed", 4, "");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(config.topics().requests(), 4, (short) 1),
                    new NewTopic(config.topics().usage(), 3, (short) 1))).all().get();
        }

        try (AccountingService service = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS)) {
            assertThatThrownBy(service::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("skewed.requests has 4 partitions and skewed.usage has 3")
                    .hasMessageContaining("co-partitioned");
        }
    }

    private static List<io.llmgateway.schemas.CostRecord> awaitCosts(GatewayConfig config, int count) {
        List<ConsumerRecord<String, io.llmgateway.schemas.CostRecord>> costs = new ArrayList<>();
        try (var reader = committedReader(config, config.topics().costsTopic())) {
            readUntil(reader, costs, c -> c.size() >= count, WAIT, count + " cost records");
        }
        return BrokerSupport.values(costs);
    }
}
