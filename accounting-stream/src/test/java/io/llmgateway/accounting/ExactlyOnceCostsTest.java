package io.llmgateway.accounting;

import static io.llmgateway.accounting.BrokerSupport.committedReader;
import static io.llmgateway.accounting.BrokerSupport.producer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.testkit.KafkaBroker;
import io.llmgateway.accounting.finance.CostCsv;
import java.time.Clock;
import java.io.File;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once through a crash: 10,000 usage records (and re-deliveries of some) with known
 * per-tenant totals. An accounting instance in another JVM charges the first half and is killed
 * (SIGKILL) in the middle of it; a second instance takes over, and a third joins (a rebalance)
 * while records still flow. The committed cost stream has every request once, and its per-tenant
 * sums equal both the known totals and what the state stores say.
 */
class ExactlyOnceCostsTest {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceCostsTest.class);
    private static final int RECORDS = 10_000;
    private static final int TENANTS = 20;
    /** Every 25th record is delivered again later, as a crashed worker would. */
    private static final int REDELIVER_EVERY = 25;
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final String PRICES = """
            prices:
              as_of: 2026-08-21
              models:
                gpt-4o-mini: {input: 0.15, output: 0.60, cached_input: 0.075}
            """;
    private static final BigDecimal INPUT = new BigDecimal("0.15");
    private static final BigDecimal CACHED = new BigDecimal("0.075");
    private static final BigDecimal OUTPUT = new BigDecimal("0.60");

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path temp;

    /** The i-th usage record: deterministic tokens, some of them cached. */
    private static UsageRecord usage(int i) {
        int input = 100 + (i * 37) % 900;
        int output = 10 + (i * 53) % 500;
        int cached = i % 5 == 0 ? input / 2 : 0;
        return Messages.usage("req-" + i, tenant(i), "default", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                new TokenUsage(input, output, cached), System.currentTimeMillis());
    }

    private static String tenant(int i) {
        return "tenant-" + (i % TENANTS);
    }

    private static BigDecimal expectedCost(UsageRecord usage) {
        TokenUsage t = usage.usage();
        return BigDecimal.valueOf(t.inputTokens() - t.cachedInputTokens()).multiply(INPUT)
                .add(BigDecimal.valueOf(t.cachedInputTokens()).multiply(CACHED))
                .add(BigDecimal.valueOf(t.outputTokens()).multiply(OUTPUT))
                .movePointLeft(6);
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void tenThousandUsageRecordsAreChargedOnceEachThroughAKilledInstanceAndARebalance() throws Exception {
        String yaml = BrokerSupport.yaml(KAFKA.bootstrapServers(), "eos", 4, PRICES);
        GatewayConfig config = AccountingDriver.config(yaml);
        PipelineTopics.ensure(config);

        Map<String, BigDecimal> expectedCost = new TreeMap<>();
        Map<String, Long> expectedTokens = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) {
            UsageRecord u = usage(i);
            expectedCost.merge(u.tenantId(), expectedCost(u), BigDecimal::add);
            expectedTokens.merge(u.tenantId(), (long) u.usage().totalTokens(), Long::sum);
        }

        Process doomed = startInAnotherJvm(yaml);
        List<AccountingService> inProcess = new ArrayList<>();
        try (KafkaProducer<String, UsageRecord> router = producer(config, config.topics().usageTopic(), "eos-router");
             KafkaConsumer<String, CostRecord> finance = committedReader(config, config.topics().costsTopic())) {
            // The instance in the other JVM alone charges the first half, and dies in the middle of it.
            awaitGroupOf(config, 1);
            List<ConsumerRecord<String, CostRecord>> costs = new ArrayList<>();
            send(router, config, 0, RECORDS / 2);
            BrokerSupport.readUntil(finance, costs, c -> c.size() >= RECORDS / 5, WAIT, "the first costs");
            doomed.destroyForcibly().waitFor();
            log.info("killed the instance in the other JVM (exit {}) after {} committed cost records",
                    doomed.exitValue(), costs.size());

            // A second instance takes over everything, and a third joins while records flow.
            AccountingService survivor = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
            inProcess.add(survivor);
            survivor.start();
            send(router, config, RECORDS / 2, RECORDS * 3 / 4);
            survivor.awaitRunning(Duration.ofSeconds(90));
            AccountingService joiner = new AccountingService(config, Clock.systemUTC(), null, TestKeys.SECRETS);
            inProcess.add(joiner);
            joiner.start();
            send(router, config, RECORDS * 3 / 4, RECORDS);
            joiner.awaitRunning(Duration.ofSeconds(90));

            long start = System.nanoTime();
            BrokerSupport.readUntil(finance, costs, c -> distinctIds(c) >= RECORDS, WAIT, "every request's cost");
            // Anything still to come would be a duplicate: give it time to show.
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                finance.poll(Duration.ofMillis(200)).forEach(costs::add);
            }
            log.info("all {} requests charged {} s after the last send; {} cost records read", RECORDS,
                    (System.nanoTime() - start) / 1_000_000_000, costs.size());

            assertThat(costs).hasSize(RECORDS);
            assertThat(distinctIds(costs)).isEqualTo(RECORDS);
            Map<String, BigDecimal> costByTenant = new TreeMap<>();
            Map<String, Long> tokensByTenant = new TreeMap<>();
            for (ConsumerRecord<String, CostRecord> record : costs) {
                CostRecord cost = record.value();
                assertThat(record.key()).isEqualTo(cost.tenantId());
                costByTenant.merge(cost.tenantId(), cost.costUsd(), BigDecimal::add);
                tokensByTenant.merge(cost.tenantId(), cost.inputTokens() + cost.outputTokens(), Long::sum);
            }
            assertThat(tokensByTenant).isEqualTo(expectedTokens);
            assertThat(costByTenant.keySet()).isEqualTo(expectedCost.keySet());
            costByTenant.forEach((tenant, sum) -> assertThat(sum).as(tenant)
                    .isEqualByComparingTo(expectedCost.get(tenant)));

            assertTheStateStoresSayTheSame(joiner, survivor, expectedCost, expectedTokens);
            assertTheFinanceCommandPrintsEveryCostAsCsv(config, expectedCost);
        } finally {
            doomed.destroyForcibly();
            inProcess.forEach(AccountingService::close);
        }
    }

    /** Every tenant's totals, asked of either in-process instance (the owner answers), equal the known ones. */
    private static void assertTheStateStoresSayTheSame(AccountingService joiner, AccountingService survivor,
                                                       Map<String, BigDecimal> expectedCost,
                                                       Map<String, Long> expectedTokens) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            int i = 0;
            for (String tenant : expectedCost.keySet()) {
                AccountingService asked = i++ % 2 == 0 ? joiner : survivor;
                JsonNode totals = Json.MAPPER.readTree(report(http, asked, tenant)).path("totals");
                assertThat(totals.path("requests").asLong()).as(tenant).isEqualTo(RECORDS / TENANTS);
                assertThat(totals.path("input_tokens").asLong() + totals.path("output_tokens").asLong()).as(tenant)
                        .isEqualTo(expectedTokens.get(tenant));
                assertThat(new BigDecimal(totals.path("cost_usd").asText())).as(tenant)
                        .isEqualByComparingTo(expectedCost.get(tenant));
            }
        }
    }

    /** The CSV export reads the same committed stream: a header and one line per request, same sums. */
    private static void assertTheFinanceCommandPrintsEveryCostAsCsv(GatewayConfig config,
                                                                    Map<String, BigDecimal> expectedCost)
            throws Exception {
        StringWriter out = new StringWriter();
        long written = CostCsv.export(config, out, false, () -> false);

        List<String> lines = out.toString().lines().toList();
        assertThat(written).isEqualTo(RECORDS);
        assertThat(lines).hasSize(RECORDS + 1);
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header).startsWith("request_id", "tenant_id", "project_id").contains("cost_usd", "price_list");
        int tenantColumn = header.indexOf("tenant_id");
        int costColumn = header.indexOf("cost_usd");
        Map<String, BigDecimal> fromCsv = new TreeMap<>();
        lines.stream().skip(1).map(line -> line.split(","))
                .forEach(cells -> fromCsv.merge(cells[tenantColumn], new BigDecimal(cells[costColumn]), BigDecimal::add));
        fromCsv.forEach((tenant, sum) -> assertThat(sum).as(tenant).isEqualByComparingTo(expectedCost.get(tenant)));
        log.info("cost CSV: {} lines, header {}", lines.size(), lines.getFirst());
    }

    /** The report, once the tenant's owner answers (just after a rebalance it may say 503 for a moment). */
    private static String report(HttpClient http, AccountingService asked, String tenant) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + asked.httpPort() + TenantQueries.PATH + tenant);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return response.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report for " + tenant + ": " + response.statusCode() + " "
                        + response.body());
            }
            Thread.sleep(200);
        }
    }

    /** Records [from, to), and once more every 25th record of the half before (re-deliveries). */
    private static void send(KafkaProducer<String, UsageRecord> router, GatewayConfig config, int from, int to) {
        for (int i = from; i < to; i++) {
            UsageRecord record = usage(i);
            router.send(new ProducerRecord<>(config.topics().usage(), record.tenantId(), record));
            int earlier = i - RECORDS / 4;
            if (earlier >= 0 && earlier % REDELIVER_EVERY == 0) {
                UsageRecord again = usage(earlier);
                router.send(new ProducerRecord<>(config.topics().usage(), again.tenantId(), again));
            }
        }
        router.flush();
    }

    private static long distinctIds(List<ConsumerRecord<String, CostRecord>> costs) {
        return costs.stream().map(c -> c.value().requestId()).distinct().count();
    }

    /** AccountingMain in a child JVM with its own state directory, logging to target/. */
    private Process startInAnotherJvm(String yaml) throws Exception {
        Path config = temp.resolve("gateway.yaml");
        Files.writeString(config, yaml.replace("  http_port: 0\n", "  http_port: 0\n  state_dir: "
                + temp.resolve("doomed-state") + "\n"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File logFile = Path.of("target", "exactly-once-killed-instance.log").toFile();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath,
                AccountingMain.class.getName(), "--config", config.toString());
        builder.environment().put(IngressSettings.DEFAULT_SIGNING_KEY_ENV, TestKeys.INGRESS_KEY);
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(logFile)
                .start();
        log.info("started an accounting instance in JVM {} (log: {})", process.pid(), logFile);
        return process;
    }

    /** The group, or null while it does not exist yet. */
    private static ConsumerGroupDescription describe(Admin admin, String group) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw new AssertionError("cannot describe group " + group, e.getCause());
        }
    }

    /** Waits until the app's group has {@code members} members, stable. */
    private static void awaitGroupOf(GatewayConfig config, int members) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        String group = config.accounting().applicationId();
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (true) {
                ConsumerGroupDescription description = describe(admin, group);
                if (description != null && description.groupState() == GroupState.STABLE
                        && description.members().size() == members) {
                    Map<String, Integer> owned = new HashMap<>();
                    description.members().forEach(m -> owned.put(m.clientId(), m.assignment().topicPartitions().size()));
                    log.info("group {} stable with {} members: {}", group, members, owned);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("group " + group + " never had " + members + " stable members: "
                            + description);
                }
                Thread.sleep(200);
            }
        }
    }
}
