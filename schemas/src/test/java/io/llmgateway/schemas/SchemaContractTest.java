package io.llmgateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The Java records and the JSON Schemas describe the same messages, so they cannot drift. */
class SchemaContractTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://llm-gateway.invalid/schemas/", "classpath:schemas/")));

    static JsonSchema schema(String file) {
        return FACTORY.getSchema(SchemaLocation.of("https://llm-gateway.invalid/schemas/" + file));
    }

    static GatewayRequest sampleRequest() {
        return new GatewayRequest("0190f5c8-0000-7000-8000-000000000001", "acme", "default", "key-1", "gpt-4o-mini",
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello")),
                new SamplingParams(0.0, null, 64, List.of("\n\n"), 7L), false, "llm.replies.ingress-1",
                1_700_000_000_000L, 1_700_000_060_000L, Priority.INTERACTIVE, CachePolicy.DEFAULT, null, 9,
                new Reservation(73, 1, 1_700_000_000_005L));
    }

    private static <T> JsonNode toJson(T value, Class<T> type) throws Exception {
        return Json.MAPPER.readTree(new JsonSerde<>(type).serialize("t", value));
    }

    private static Set<ValidationMessage> validate(String file, JsonNode node) {
        return schema(file).validate(node);
    }

    @Test
    void gatewayRequestMatchesItsSchema() throws Exception {
        assertThat(validate("gateway-request.schema.json", toJson(sampleRequest(), GatewayRequest.class))).isEmpty();
    }

    @Test
    void everyReplyKindMatchesItsSchema() throws Exception {
        var chunk = Reply.chunk("r1", 0, 0, "gpt-4o-mini", "mock", "Hel", 1L);
        var complete = Reply.complete("r1", 0, 1, "gpt-4o-mini", "mock", "Hello", FinishReason.STOP,
                new TokenUsage(3, 1, 0), CacheStatus.MISS, 2L);
        var failure = Reply.failure("r1", 0, 0,
                new GatewayError(429, "rate_limit_exceeded", "rpm", "too many requests", 1500L), 3L);
        for (Reply reply : List.of(chunk, complete, failure)) {
            assertThat(validate("reply.schema.json", toJson(reply, Reply.class))).as(reply.kind().name()).isEmpty();
        }
    }

    @Test
    void anIdempotencyRecordSentAndAnsweredMatchesItsSchemaAndRoundTrips() throws Exception {
        String hash = "ab".repeat(32);
        var sent = new IdempotencyRecord("acme", hash, "r1", "cd".repeat(32), 1L, null);
        var answered = sent.answered(Reply.complete("r1", 0, 1, "gpt-4o-mini", "mock", "Hello", FinishReason.STOP,
                new TokenUsage(3, 1, 0), CacheStatus.MISS, 2L));
        var serde = new JsonSerde<>(IdempotencyRecord.class);
        for (IdempotencyRecord record : List.of(sent, answered)) {
            assertThat(validate("idempotency-record.schema.json", toJson(record, IdempotencyRecord.class))).isEmpty();
            assertThat(serde.deserialize("t", serde.serialize("t", record))).isEqualTo(record);
        }
        assertThat(answered.kafkaKey()).isEqualTo("acme/" + hash);
        assertThatThrownBy(() -> sent.answered(Reply.chunk("r1", 0, 0, "gpt-4o-mini", "mock", "Hel", 1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usageRecordMatchesItsSchema() throws Exception {
        var usage = new UsageRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                "openai", Outcome.SUCCESS, new TokenUsage(10, 20, 0), false, false, 1, 120L, 300, 1L, 301L, null);
        assertThat(validate("usage-record.schema.json", toJson(usage, UsageRecord.class))).isEmpty();
    }

    @Test
    void contentFilterResultsOnTheUsageRecordAndTheRequestMatchTheirSchemasAndHoldNoText() throws Exception {
        List<FilterResult> results = List.of(
                new FilterResult(FilterResult.Stage.INPUT, SafetyCategory.CARD, SafetyAction.REDACT, 1),
                new FilterResult(FilterResult.Stage.OUTPUT, SafetyCategory.PROMPT_INJECTION, SafetyAction.LOG, 2));
        var usage = new UsageRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini", "openai",
                Outcome.SUCCESS, new TokenUsage(10, 20, 0), false, false, 1, 120L, 300, 1L, 301L, null)
                .withFilters(results);
        JsonNode usageJson = toJson(usage, UsageRecord.class);
        JsonNode requestJson = toJson(sampleRequest().withFilteredMessages(sampleRequest().messages(), results),
                GatewayRequest.class);

        assertThat(validate("usage-record.schema.json", usageJson)).isEmpty();
        assertThat(validate("gateway-request.schema.json", requestJson)).isEmpty();
        assertThat(usageJson.get("filters").get(0).toString())
                .isEqualTo("{\"stage\":\"input\",\"category\":\"card\",\"action\":\"redact\",\"count\":1}");
        assertThat(requestJson.get("input_filters")).hasSize(2);
    }

    static CacheEntry sampleEntry() {
        return new CacheEntry("acme", "gpt-4o-mini", "e3b0c442", "5f70bf18", "What is the capital of France?",
                "Paris.", FinishReason.STOP, "gpt-4o-mini-2024-07-18", "openai", new TokenUsage(12, 2, 0),
                "0190f5c8-0000-7000-8000-000000000001", 1_700_000_000_000L, 1_700_086_400_000L);
    }

    @Test
    void cacheEntryMatchesItsSchemaAndRoundTrips() throws Exception {
        assertThat(validate("cache-entry.schema.json", toJson(sampleEntry(), CacheEntry.class))).isEmpty();
        var serde = Topics.CACHE_ENTRIES.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", sampleEntry())))
                .isEqualTo(sampleEntry());
        assertThat(sampleEntry().kafkaKey()).isEqualTo("acme/e3b0c442");
        assertThat(CacheEntry.tenantOf(CacheEntry.purgeKey("acme"))).isEqualTo("acme");
        assertThat(CacheEntry.isPurgeKey(CacheEntry.purgeKey("acme"))).isTrue();
        assertThat(CacheEntry.isPurgeKey(sampleEntry().kafkaKey())).isFalse();
    }

    @Test
    void anIncompleteAnswerIsNeitherACacheEntryNorValidForTheSchema() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleEntry(), CacheEntry.class);
        json.put("finish_reason", "length");

        assertThat(validate("cache-entry.schema.json", json)).isNotEmpty();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThatThrownBy(() -> Topics.CACHE_ENTRIES.valueSerde().deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("finish_reason");
    }

    @Test
    void theCacheDecisionTravelsWithTheRequestAndMatchesTheSchema() throws Exception {
        var decided = sampleRequest().withCacheDecision(new CacheDecision(CacheStatus.MISS, "no_entry",
                new CacheFill("e3b0c442", "5f70bf18", "Hello", 86_400_000L)));
        assertThat(validate("gateway-request.schema.json", toJson(decided, GatewayRequest.class))).isEmpty();
        var serde = Topics.ROUTABLE.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", decided)))
                .isEqualTo(decided);
        assertThat(decided.withReservation(null).cacheDecision()).isEqualTo(decided.cacheDecision());
    }

    @Test
    void cacheStatusReasonAndSimilarityMatchTheSchemasOfReplyAndUsage() throws Exception {
        var hit = Reply.complete("r1", 0, 0, "gpt-4o-mini", "openai", "Paris.", FinishReason.STOP, TokenUsage.NONE,
                CacheStatus.SEMANTIC_HIT, 2L).withCache(CacheStatus.SEMANTIC_HIT, "verified paraphrase", 0.93);
        assertThat(validate("reply.schema.json", toJson(hit, Reply.class))).isEmpty();
        assertThat(new JsonSerde<>(Reply.class).deserialize("t", new JsonSerde<>(Reply.class).serialize("t", hit)))
                .isEqualTo(hit);
        var usage = new UsageRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", null, null, Outcome.SUCCESS,
                TokenUsage.NONE, true, false, 0, null, 3, 1L, 4L, null)
                .withCacheDecision(CacheStatus.BYPASS, "time_sensitive: \"today\"");
        assertThat(validate("usage-record.schema.json", toJson(usage, UsageRecord.class))).isEmpty();
        assertThat(Topics.USAGE.valueSerde().deserializer().deserialize("t",
                Topics.USAGE.valueSerde().serializer().serialize("t", usage))).isEqualTo(usage);
    }

    @Test
    void deadLetterMatchesItsSchema() throws Exception {
        var letter = new DeadLetter("llm.requests", 3, 42, "acme", "e30=", "missing tenant_id", "accounting", 5L);
        assertThat(validate("dead-letter.schema.json", toJson(letter, DeadLetter.class))).isEmpty();
    }

    @Test
    void aRequestWithoutTenantIsRejectedByBothSchemaAndRecord() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleRequest(), GatewayRequest.class);
        json.remove("tenant_id");

        assertThat(validate("gateway-request.schema.json", json)).isNotEmpty();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThatThrownBy(() -> Topics.REQUESTS.valueSerde().deserializer().deserialize("llm.requests", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("tenant_id");
    }

    @Test
    void aFinalReplyWithoutUsageIsRejectedByBothSchemaAndRecord() throws Exception {
        var complete = Reply.complete("r1", 0, 1, "m", "p", "Hello", FinishReason.STOP, TokenUsage.NONE, null, 2L);
        ObjectNode json = (ObjectNode) toJson(complete, Reply.class);
        json.remove("usage");

        assertThat(validate("reply.schema.json", json)).isNotEmpty();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThatThrownBy(() -> new JsonSerde<>(Reply.class).deserialize("replies", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("usage");
    }

    @Test
    void requestsRoundTripThroughTheSerde() {
        var serde = Topics.REQUESTS.valueSerde();
        var request = sampleRequest();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", request)))
                .isEqualTo(request);
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleRequest(), GatewayRequest.class);
        json.put("added_in_a_later_version", true);
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThat(Topics.REQUESTS.valueSerde().deserializer().deserialize("t", bytes)).isEqualTo(sampleRequest());
    }

    @Test
    void garbageBytesAreASerializationException() {
        assertThatThrownBy(() -> Topics.USAGE.valueSerde().deserializer().deserialize("llm.usage", new byte[] {1, 2}))
                .isInstanceOf(SerializationException.class);
    }
}
