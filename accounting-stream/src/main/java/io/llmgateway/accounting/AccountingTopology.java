package io.llmgateway.accounting;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
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
 *   requests --parse--+--> admission ---------------------> admitted
 *                     +--> dead letter
 *   usage ----parse---+--> drop re-deliveries --> totals per tenant (store)
 *                     +--> dead letter
 * </pre>
 * Both inputs are keyed by tenant id, so one task owns all of a tenant's state.
 */
public final class AccountingTopology {

    /** The stage named in the dead letters this app writes. */
    public static final String STAGE = "accounting";

    /** Running usage totals per tenant id. */
    public static final String USAGE_TOTALS_STORE = "usage-totals-by-tenant";

    /** Request ids whose usage was already counted. */
    public static final String SEEN_USAGE_STORE = "usage-seen-request-ids";

    /** How long a request id is remembered for deduplication, in stream time. */
    public static final Duration USAGE_DEDUP_WINDOW = Duration.ofHours(24);

    /** Output tokens reserved for a request that sets no max_tokens. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

    /** Inputs are read as bytes so that undeserializable values reach {@link ParseOrDeadLetter}. */
    private static final Serde<byte[]> RAW_VALUE = Serdes.ByteArray();

    private AccountingTopology() {}

    public static Topology build(GatewayConfig config) {
        var topics = config.topics();
        Topic<String, DeadLetter> deadLetters = topics.deadLetterTopic();
        StreamsBuilder builder = new StreamsBuilder();

        Topic<String, GatewayRequest> requests = topics.requestsTopic();
        Topic<String, GatewayRequest> admitted = topics.admittedTopic();
        parseOrDeadLetter(builder, requests, GatewayRequest::tenantId, deadLetters, "requests")
                .processValues(() -> new Admission(DEFAULT_MAX_OUTPUT_TOKENS), Named.as("admission"))
                .to(admitted.name(), Produced.with(admitted.keySerde(), admitted.valueSerde()).withName("to-admitted"));

        Topic<String, UsageRecord> usage = topics.usageTopic();
        builder.addStateStore(DropRedeliveredUsage.seenRequestIds(SEEN_USAGE_STORE, USAGE_DEDUP_WINDOW));
        builder.addStateStore(TenantUsageTotals.totalsByTenant(USAGE_TOTALS_STORE));
        parseOrDeadLetter(builder, usage, UsageRecord::tenantId, deadLetters, "usage")
                .processValues(() -> new DropRedeliveredUsage(SEEN_USAGE_STORE, USAGE_DEDUP_WINDOW),
                        Named.as("usage-drop-redelivered"), SEEN_USAGE_STORE)
                .processValues(() -> new TenantUsageTotals(USAGE_TOTALS_STORE),
                        Named.as("usage-totals"), USAGE_TOTALS_STORE);

        return builder.build();
    }

    /**
     * Reads {@code source} as raw bytes and returns the stream of its valid messages; every
     * other record goes to {@code deadLetters} with the reason, and the stream moves on.
     */
    private static <T> KStream<String, T> parseOrDeadLetter(StreamsBuilder builder, Topic<String, T> source,
                                                            Function<T, String> tenantOf,
                                                            Topic<String, DeadLetter> deadLetters, String name) {
        String split = name + "-split-";
        Map<String, KStream<String, Parsed<T>>> branches = builder
                .stream(source.name(), Consumed.with(source.keySerde(), RAW_VALUE).withName(name + "-source"))
                .processValues(() -> new ParseOrDeadLetter<>(source, tenantOf, STAGE), Named.as(name + "-parse"))
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
