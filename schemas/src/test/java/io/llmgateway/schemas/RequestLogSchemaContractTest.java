package io.llmgateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The request log record, the trail on the usage record and the request's API agree with their JSON Schemas. */
class RequestLogSchemaContractTest {

    static RequestTrail sampleTrail() {
        return new RequestTrail("openai", true, Priority.INTERACTIVE, "llm.replies.ingress-1", 1_700_000_000_000L,
                1_700_000_000_004L, List.of(
                        new RequestTrail.AttemptRecord("mock", "gpt-4o-mini", 500, "server_error", 12),
                        new RequestTrail.AttemptRecord("mock", "gpt-4o-mini", 200, "ok", 310)));
    }

    static RequestLogRecord sampleEntry() {
        Map<String, Long> queue = new LinkedHashMap<>();
        queue.put("admission", 4L);
        queue.put("to_router", 9L);
        queue.put("provider", 322L);
        return new RequestLogRecord("4bf92f3577b34da6a3ce929d0e0e4736", "r1", "acme", "default", "gpt-4o-mini",
                "gpt-4o-mini-2024-07-18", "mock", "openai", true, Priority.INTERACTIVE, null, Outcome.SUCCESS, null,
                1000, 200, 50, new BigDecimal("0.0001650"), "2026-08-21", 340, 120L, false, CacheStatus.MISS,
                "no_entry", true, sampleTrail().attempts(), queue,
                List.of(new FilterResult(FilterResult.Stage.INPUT, SafetyCategory.EMAIL, SafetyAction.REDACT, 1)),
                1_700_000_000_000L, 1_700_000_000_340L);
    }

    private static <T> JsonNode toJson(T value, Class<T> type) throws Exception {
        return Json.MAPPER.readTree(new JsonSerde<>(type).serialize("t", value));
    }

    @Test
    void aRequestLogRecordMatchesItsSchemaAndRoundTripsWithAnExactCost() throws Exception {
        byte[] bytes = Topics.REQUEST_LOG.valueSerde().serializer().serialize("t", sampleEntry());
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"cost_usd\":0.0001650", "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"",
                "\"queue_ms\":{\"admission\":4,\"to_router\":9,\"provider\":322}");
        assertThat(SchemaContractTest.schema("request-log-record.schema.json")
                .validate(toJson(sampleEntry(), RequestLogRecord.class))).isEmpty();
        assertThat(Topics.REQUEST_LOG.valueSerde().deserializer().deserialize("t", bytes)).isEqualTo(sampleEntry());
    }

    @Test
    void aRecordWithoutItsCostIsRejectedByBothSchemaAndRecord() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleEntry(), RequestLogRecord.class);
        json.remove("cost_usd");

        assertThat(SchemaContractTest.schema("request-log-record.schema.json").validate(json)).isNotEmpty();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThatThrownBy(() -> Topics.REQUEST_LOG.valueSerde().deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cost_usd");
    }

    @Test
    void aMalformedTraceIdIsRefusedByTheSchema() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleEntry(), RequestLogRecord.class);
        json.put("trace_id", "not-a-trace");

        assertThat(SchemaContractTest.schema("request-log-record.schema.json").validate(json)).isNotEmpty();
    }

    @Test
    void theTrailOnAUsageRecordMatchesTheSchemasAndSurvivesTheOtherWithers() throws Exception {
        var usage = new UsageRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                "mock", Outcome.SUCCESS, new TokenUsage(10, 20, 0), false, false, 2, 120L, 300, 1L, 301L, null)
                .withTrail(sampleTrail())
                .withCacheDecision(CacheStatus.MISS, "no_entry")
                .withFilters(List.of());

        assertThat(usage.trail()).isEqualTo(sampleTrail());
        assertThat(SchemaContractTest.schema("usage-record.schema.json").validate(toJson(usage, UsageRecord.class)))
                .isEmpty();
        assertThat(Topics.USAGE.valueSerde().deserializer().deserialize("t",
                Topics.USAGE.valueSerde().serializer().serialize("t", usage))).isEqualTo(usage);
    }

    @Test
    void theApiTheCallerSpokeTravelsWithTheRequest() throws Exception {
        GatewayRequest request = SchemaContractTest.sampleRequest().withApi("anthropic");

        assertThat(request.withReservation(new Reservation(10, 1, 5L)).withCacheDecision(
                new CacheDecision(CacheStatus.MISS, "no_entry", null)).api()).isEqualTo("anthropic");
        assertThat(SchemaContractTest.schema("gateway-request.schema.json")
                .validate(toJson(request, GatewayRequest.class))).isEmpty();
        assertThat(RequestTrail.of(request).api()).isEqualTo("anthropic");
    }
}
