package io.llmgateway.accounting;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.metrics.RequestMeters;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The accounting app as a pure function of the config:
 * <pre>
 *   requests --parse--+--> admission ------+--> admitted
 *                     |    (reserve)       +--> caller's reply topic (refusal, expired) + usage (refusal)
 *                     +--> dead letter     +--> tenant state, budget alerts
 *                                          +--> dead letter (a request id admitted before, in the window)
 *                     (also unproven producer, foreign tenant, project, model or reply topic)
 *   usage ----parse---+--> drop re-deliveries --> reconciliation --+--> costs, budget alerts
 *                     +--> dead letter         (release, charge)  +--> hourly rollups, tenant state
 *                                                                    +--> request log (one per request)
 * </pre>
 * Admission and reconciliation share the tenant's ledger, so both inputs are keyed by tenant id
 * and must be co-partitioned (same partition count, default partitioner): partition N of both is
 * one task, the single owner of its tenants' state. {@link AccountingService} checks the counts.
 * Both processors read the ledgers through the task's one {@link LedgerCache}.
 */
public final class AccountingTopology {

    /** The stage named in the dead letters this app writes. */
    public static final String STAGE = "accounting";

    /** Tenant id to its ledger: what the interactive queries read. */
    public static final String LEDGERS_STORE = AccountingStores.LEDGERS;

    /** Inputs are read as bytes so that undeserializable values reach {@link ParseOrDeadLetter}. */
    private static final Serde<byte[]> RAW_VALUE = Serdes.ByteArray();

    private AccountingTopology() {}

    /** The topology of one KafkaStreams instance: its tasks' ledger caches are its own. No spans exported. */
    public static Topology build(GatewayConfig config, ProducerKeys keys) {
        return build(config, keys, Tracing.off(), Meters.NONE);
    }

    /**
     * Who is told of what accounting decides, as it is sent (the request meters); must not throw.
     *
     * @param refused each usage record of a request accounting refused
     * @param charged each cost record
     */
    public record Meters(Consumer<UsageRecord> refused, Consumer<CostRecord> charged) {

        public static final Meters NONE = new Meters(usage -> { }, cost -> { });

        public static Meters of(RequestMeters meters) {
            return new Meters(meters::finished, meters::charged);
        }
    }

    /**
     * @param tracing makes the admission and charge spans; the records they forward carry their
     *     {@code traceparent}
     */
    public static Topology build(GatewayConfig config, ProducerKeys keys, Tracing tracing) {
        return build(config, keys, tracing, Meters.NONE);
    }

    /** @param meters told of refusals and costs as they are sent */
    public static Topology build(GatewayConfig config, ProducerKeys keys, Meters meters) {
        return build(config, keys, Tracing.off(), meters);
    }

    public static Topology build(GatewayConfig config, ProducerKeys keys, Tracing tracing, Meters meters) {
        return build(config, keys, new LedgerCaches(), tracing, meters);
    }

    /** As {@link #build(GatewayConfig, ProducerKeys)}, with the ledger caches given (a test looks into them). */
    static Topology build(GatewayConfig config, ProducerKeys keys, LedgerCaches ledgerCaches) {
        return build(config, keys, ledgerCaches, Tracing.off(), Meters.NONE);
    }

    static Topology build(GatewayConfig config, ProducerKeys keys, LedgerCaches ledgerCaches,
                          Tracing tracing, Meters meters) {
        var topics = config.topics();
        AccountingSettings settings = config.accounting();
        Topic<String, DeadLetter> deadLetters = topics.deadLetterTopic();
        Pricing pricing = new Pricing(config.prices(), config.models());
        RequestEstimator estimator = new RequestEstimator(settings, pricing);
        BudgetCalendar calendar = new BudgetCalendar(settings.budgetZone());
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(AccountingStores.ledgers());
        builder.addStateStore(AccountingStores.held());
        builder.addStateStore(AccountingStores.expiry());
        builder.addStateStore(AccountingStores.tenantsToPublish());
        builder.addStateStore(AccountingStores.rollups());
        builder.addStateStore(AccountingStores.rollupsToPublish());
        builder.addStateStore(AccountingStores.seenUsage(settings.dedupWindow()));
        builder.addStateStore(AccountingStores.admittedIds(settings.dedupWindow()));

        KStream<String, Outbound> decided = parseOrDeadLetter(builder, topics.requestsTopic(), GatewayRequest::tenantId,
                new ProducerCheck(config, keys), deadLetters, "requests")
                .process(() -> new Admission(config.tenants(), estimator, calendar, settings.statePublishInterval(),
                                ledgerCaches, tracing, new UsedRequestIds(settings.dedupWindow(), topics.requestsTopic())),
                        Named.as("admission"), AccountingStores.LEDGERS, AccountingStores.HELD, AccountingStores.EXPIRY,
                        AccountingStores.TENANTS_TO_PUBLISH, AccountingStores.ADMITTED_IDS);

        KStream<String, Outbound> charged = parseOrDeadLetter(builder, topics.usageTopic(), UsageRecord::tenantId,
                RecordCheck.none(), deadLetters, "usage")
                .processValues(() -> new DropRedeliveredUsage(AccountingStores.SEEN_USAGE, settings.dedupWindow()),
                        Named.as("usage-drop-redelivered"), AccountingStores.SEEN_USAGE)
                .process(() -> new Reconciliation(config.tenants(), pricing, calendar,
                                settings.statePublishInterval(), ledgerCaches, tracing, new RequestLogs(topics)),
                        Named.as("reconciliation"), AccountingStores.LEDGERS, AccountingStores.HELD,
                        AccountingStores.EXPIRY, AccountingStores.TENANTS_TO_PUBLISH, AccountingStores.ROLLUPS,
                        AccountingStores.ROLLUPS_TO_PUBLISH);

        route(decided.merge(charged, Named.as("outbound")), config, meters);
        return builder.build();
    }

    /** Sends each outbound record to its topic, by its type. */
    private static void route(KStream<String, Outbound> outbound, GatewayConfig config,
                              Meters meters) {
        var topics = config.topics();
        outbound.split(Named.as("to-"))
                .branch((key, out) -> out instanceof Outbound.Admitted, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.Admitted) out).request(), Named.as("admitted-request"))
                        .to(topics.admitted(), produced(topics.admittedTopic(), "admitted")), "admitted"))
                .branch((key, out) -> out instanceof Outbound.Rejection, Branched.withConsumer(s -> s
                        .mapValues(out -> (Outbound.Rejection) out, Named.as("rejection"))
                        // Each caller has its own reply topic, named in its request.
                        .to((key, rejection, context) -> rejection.replyTopic(),
                                Produced.with(Serdes.String(), rejectionSerde()).withName("replies")), "replies"))
                .branch((key, out) -> out instanceof Outbound.Usage, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.Usage) out).usage(), Named.as("refusal-usage"))
                        .peek((tenant, usage) -> meters.refused().accept(usage), Named.as("refusal-meter"))
                        .to(topics.usage(), produced(topics.usageTopic(), "usage")), "usage"))
                .branch((key, out) -> out instanceof Outbound.Cost, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.Cost) out).cost(), Named.as("cost"))
                        .peek((tenant, cost) -> meters.charged().accept(cost), Named.as("cost-meter"))
                        .to(topics.costs(), produced(topics.costsTopic(), "costs")), "costs"))
                .branch((key, out) -> out instanceof Outbound.RequestLog, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.RequestLog) out).entry(), Named.as("request-log-entry"))
                        .to(topics.requestLog(), produced(topics.requestLogTopic(), "request-log")), "request-log"))
                .branch((key, out) -> out instanceof Outbound.Rollup, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.Rollup) out).rollup(), Named.as("rollup"))
                        .to(topics.costsHourly(), produced(topics.costsHourlyTopic(), "costs-hourly")), "costs-hourly"))
                .branch((key, out) -> out instanceof Outbound.State, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.State) out).state(), Named.as("state"))
                        .to(topics.tenantState(), produced(topics.tenantStateTopic(), "tenant-state")), "tenant-state"))
                .branch((key, out) -> out instanceof Outbound.Alert, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.Alert) out).alert(), Named.as("alert"))
                        .to(topics.budgetAlerts(), produced(topics.budgetAlertsTopic(), "budget-alerts")), "alerts"))
                .branch((key, out) -> out instanceof Outbound.DeadLettered, Branched.withConsumer(s -> s
                        .mapValues(out -> ((Outbound.DeadLettered) out).letter(), Named.as("used-request-id"))
                        .to(topics.deadLetter(), produced(topics.deadLetterTopic(), "dead-letter")), "dead-letter"))
                .noDefaultBranch();
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + name + "-topic");
    }

    /** A rejection is written as its reply: the reply topic's contract. */
    private static Serde<Outbound.Rejection> rejectionSerde() {
        Serializer<Reply> reply = io.llmgateway.schemas.Topics.replies("any").valueSerde().serializer();
        return Serdes.serdeFrom((topic, rejection) -> reply.serialize(topic, rejection.reply()),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("rejections are only written");
                });
    }

    /**
     * Reads {@code source} as raw bytes and returns the stream of its valid messages; every
     * other record goes to {@code deadLetters} with the reason, and the stream moves on.
     */
    private static <T> KStream<String, T> parseOrDeadLetter(StreamsBuilder builder, Topic<String, T> source,
                                                            Function<T, String> tenantOf, RecordCheck<T> check,
                                                            Topic<String, DeadLetter> deadLetters, String name) {
        String split = name + "-split-";
        Map<String, KStream<String, Parsed<T>>> branches = builder
                .stream(source.name(), Consumed.with(source.keySerde(), RAW_VALUE).withName(name + "-source"))
                .processValues(() -> new ParseOrDeadLetter<>(source, tenantOf, STAGE, check), Named.as(name + "-parse"))
                .split(Named.as(split))
                .branch((key, parsed) -> parsed instanceof Parsed.Invalid<T>, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));

        branches.get(split + "invalid")
                .mapValues(parsed -> ((Parsed.Invalid<T>) parsed).letter(), Named.as(name + "-dead-letter"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                        .withName(name + "-to-dead-letter"));
        return branches.get(split + "valid")
                .mapValues(parsed -> ((Parsed.Valid<T>) parsed).value(), Named.as(name + "-valid-value"));
    }
}
