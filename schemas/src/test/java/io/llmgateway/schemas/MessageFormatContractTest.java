package io.llmgateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The unified message format (content parts, tools, streaming pieces): records and JSON Schemas agree. */
class MessageFormatContractTest {

    private static final JsonSerde<GatewayRequest> REQUESTS = new JsonSerde<>(GatewayRequest.class);
    private static final JsonSerde<Reply> REPLIES = new JsonSerde<>(Reply.class);

    static GatewayRequest requestWithTools() throws Exception {
        JsonNode weatherSchema = Json.MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
        List<ChatMessage> messages = List.of(
                ChatMessage.system("Be brief."),
                new ChatMessage(Role.USER, List.of(ContentPart.text("What is in this picture, and the weather?"),
                        ContentPart.Image.ofUrl("https://example.invalid/cat.png"),
                        ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo=")), null, null),
                ChatMessage.assistant("Let me check.", List.of(call)),
                ChatMessage.toolResult("call_1", "{\"temp_c\":21}"));
        return new GatewayRequest("0190f5c8-0000-7000-8000-000000000002", "acme", "default", "key-1", "gpt-4o",
                messages, new SamplingParams(0.2, 0.9, 100, List.of("END"), 1L, 40, 0.5, -0.5), true,
                "llm.replies.ingress-1", 1_700_000_000_000L, 1_700_000_060_000L, null, null, null, 30, null, null,
                List.of(new ToolDefinition("get_weather", "Weather of a city", weatherSchema, null)),
                ToolChoice.tool("get_weather"),
                new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer", weatherSchema, true), false);
    }

    private static <T> JsonNode toJson(JsonSerde<T> serde, T value) throws Exception {
        return Json.MAPPER.readTree(serde.serialize("t", value));
    }

    @Test
    void aRequestWithImagesToolsAndToolResultsMatchesTheSchemaAndRoundTrips() throws Exception {
        GatewayRequest request = requestWithTools();
        JsonNode json = toJson(REQUESTS, request);

        assertThat(SchemaContractTest.schema("gateway-request.schema.json").validate(json)).isEmpty();
        assertThat(REQUESTS.deserialize("t", REQUESTS.serialize("t", request))).isEqualTo(request);
        assertThat(json.at("/messages/1/content/1/type").asText()).isEqualTo("image");
        assertThat(json.at("/messages/2/tool_calls/0/name").asText()).isEqualTo("get_weather");
        assertThat(json.at("/tool_choice/mode").asText()).isEqualTo("tool");
        assertThat(request.hasImages()).isTrue();
        assertThat(json.has("has_images")).isFalse();
    }

    @Test
    void aPlainStringContentFromAnOlderOrForeignProducerIsOneTextPart() throws Exception {
        ObjectNode json = (ObjectNode) toJson(REQUESTS, SchemaContractTest.sampleRequest());
        ((ObjectNode) json.withArray("messages").get(1)).put("content", "Hello as a string");

        assertThat(SchemaContractTest.schema("gateway-request.schema.json").validate(json)).isEmpty();
        GatewayRequest read = REQUESTS.deserialize("t", Json.MAPPER.writeValueAsBytes(json));
        assertThat(read.messages().get(1).content()).containsExactly(ContentPart.text("Hello as a string"));
        assertThat(read.messages().get(1).text()).isEqualTo("Hello as a string");
    }

    @Test
    void aToolResultWithoutItsCallIsRejected() {
        List<ChatMessage> messages = List.of(ChatMessage.user("hi"), ChatMessage.toolResult("call_9", "42"));
        assertThatThrownBy(() -> new GatewayRequest("r", "acme", null, null, "m", messages, null, false, "replies",
                1L, 2L, null, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages[1].tool_call_id");
    }

    @Test
    void anImageInAnAssistantMessageOrAPartWithBothUrlAndDataIsRejected() {
        assertThatThrownBy(() -> new ChatMessage(Role.ASSISTANT,
                List.of(ContentPart.Image.ofUrl("https://example.invalid/a.png")), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContentPart.Image("https://example.invalid/a.png", "image/png", "AAAA", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamedChunksWithToolCallPiecesAndAFinalWithToolCallsMatchTheSchema() throws Exception {
        Reply chunk = Reply.chunk("r1", 3, 0, "gpt-4o", "openai", "",
                List.of(new ToolCallDelta(0, "call_1", "get_weather", "{\"ci")), 1L);
        Reply more = Reply.chunk("r1", 3, 1, "gpt-4o", "openai", "", List.of(new ToolCallDelta(0, null, null,
                "ty\":\"Paris\"}")), 2L);
        Reply done = Reply.complete("r1", 3, 2, "gpt-4o", "openai", "",
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), FinishReason.TOOL_CALLS,
                new TokenUsage(10, 5, 2, 1), CacheStatus.MISS, 3L);
        for (Reply reply : List.of(chunk, more, done)) {
            assertThat(SchemaContractTest.schema("reply.schema.json").validate(toJson(REPLIES, reply))).isEmpty();
            assertThat(REPLIES.deserialize("t", REPLIES.serialize("t", reply))).isEqualTo(reply);
        }
    }

    @Test
    void usageWithoutReasoningTokensFromAnOlderProducerReadsAsZero() throws Exception {
        TokenUsage usage = Json.MAPPER.readValue(
                "{\"input_tokens\":1,\"output_tokens\":2,\"cached_input_tokens\":0}", TokenUsage.class);
        assertThat(usage).isEqualTo(new TokenUsage(1, 2, 0));
        assertThat(usage.reasoningTokens()).isZero();
    }

    @Test
    void aCancelMatchesItsSchemaAndACancelledUsageRecordToo() throws Exception {
        CancelRequest cancel = new CancelRequest("r1", "client_disconnected", 5L, 60_000L);
        JsonSerde<CancelRequest> serde = new JsonSerde<>(CancelRequest.class);
        assertThat(SchemaContractTest.schema("cancel-request.schema.json").validate(toJson(serde, cancel))).isEmpty();
        assertThat(Topics.CANCELS.valueSerde().deserializer().deserialize("llm.cancels",
                serde.serialize("t", cancel))).isEqualTo(cancel);

        var usage = new UsageRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini", "openai",
                Outcome.CANCELLED, new TokenUsage(10, 3, 0), false, false, 1, 80L, 300, 1L, 301L, "client_disconnected");
        assertThat(SchemaContractTest.schema("usage-record.schema.json")
                .validate(toJson(new JsonSerde<>(UsageRecord.class), usage))).isEmpty();
    }

    @Test
    void aCancelWithoutRequestIdIsRejectedByBothSchemaAndRecord() throws Exception {
        ObjectNode json = Json.MAPPER.createObjectNode().put("reason", "x").put("created_at_ms", 1)
                .put("deadline_ms", 2);
        assertThat(SchemaContractTest.schema("cancel-request.schema.json").validate(json)).isNotEmpty();
        assertThatThrownBy(() -> Topics.CANCELS.valueSerde().deserializer().deserialize("llm.cancels",
                Json.MAPPER.writeValueAsBytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("request_id");
    }
}
