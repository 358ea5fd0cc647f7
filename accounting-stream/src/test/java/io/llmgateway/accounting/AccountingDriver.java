package io.llmgateway.accounting;

import io.llmgateway.common.trace.Tracing;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link AccountingTopology} under {@link TopologyTestDriver} with every input and output topic
 * at hand, on a wall clock the test moves.
 */
final class AccountingDriver implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, GatewayRequest> requests;
    final TestInputTopic<String, byte[]> rawRequests;
    final TestInputTopic<String, UsageRecord> usage;
    final TestInputTopic<String, byte[]> rawUsage;
    final TestOutputTopic<String, GatewayRequest> admitted;
    final TestOutputTopic<String, Reply> replies;
    final TestOutputTopic<String, UsageRecord> usageOut;
    final TestOutputTopic<String, CostRecord> costs;
    final TestOutputTopic<String, CostRollup> rollups;
    final TestOutputTopic<String, TenantState> states;
    final TestOutputTopic<String, BudgetAlert> alerts;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    final TestOutputTopic<String, RequestLogRecord> requestLog;

    AccountingDriver(GatewayConfig config, Path stateDir, Instant start) {
        this(config, stateDir, start, new LedgerCaches());
    }

    AccountingDriver(GatewayConfig config, Path stateDir, Instant start, LedgerCaches ledgerCaches) {
        this(config, stateDir, start, ledgerCaches, AccountingTopology.Meters.NONE);
    }

    /** @param meters told of refusals and costs */
    AccountingDriver(GatewayConfig config, Path stateDir, Instant start, AccountingTopology.Meters meters) {
        this(config, stateDir, start, new LedgerCaches(), meters);
    }

    private AccountingDriver(GatewayConfig config, Path stateDir, Instant start, LedgerCaches ledgerCaches,
                             AccountingTopology.Meters meters) {
        driver = new TopologyTestDriver(AccountingTopology.build(config, TestKeys.of(config), ledgerCaches, Tracing.off(), meters),
                AccountingService.streamsProperties(config, stateDir), start);
        var topics = config.topics();
        requests = driver.createInputTopic(topics.requests(), topics.requestsTopic().keySerde().serializer(),
                TestKeys.ingressSigned(topics.requestsTopic()));
        rawRequests = driver.createInputTopic(topics.requests(), topics.requestsTopic().keySerde().serializer(),
                new ByteArraySerializer());
        usage = input(topics.usageTopic());
        rawUsage = driver.createInputTopic(topics.usage(), topics.usageTopic().keySerde().serializer(),
                new ByteArraySerializer());
        admitted = output(topics.admittedTopic());
        replies = output(topics.repliesTopic("test"));
        usageOut = output(topics.usageTopic());
        costs = output(topics.costsTopic());
        rollups = output(topics.costsHourlyTopic());
        states = output(topics.tenantStateTopic());
        alerts = output(topics.budgetAlertsTopic());
        deadLetters = output(topics.deadLetterTopic());
        requestLog = output(topics.requestLogTopic());
    }

    static GatewayConfig config(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    void send(GatewayRequest request) {
        requests.pipeInput(request.tenantId(), request);
    }

    void report(UsageRecord record) {
        usage.pipeInput(record.tenantId(), record);
    }

    /** Moves Streams' wall clock (and so fires the publishing and expiry punctuations). */
    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    TenantLedger ledger(String tenantId) {
        return ledgers().get(tenantId);
    }

    KeyValueStore<String, TenantLedger> ledgers() {
        return driver.getKeyValueStore(AccountingStores.LEDGERS);
    }

    List<String> admittedIds() {
        return admitted.readValuesToList().stream().map(GatewayRequest::requestId).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
