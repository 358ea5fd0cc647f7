package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolCallDelta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic's event stream as the format writes it, read back event by event. */
class AnthropicStreamFormatTest {

    private static final String ID = "0197-id";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AnthropicStreamFormat format =
            new AnthropicStreamFormat(new SseOut(bytes, AnthropicJson.MAPPER), ID, "fast", 12);

    /** An event: its {@code event:} name and its {@code data:} JSON. */
    record Event(String name, JsonNode data) {}

    /** Every event written, checking that each has a name equal to its data's type. */
    List<Event> events() throws IOException {
        List<Event> events = new ArrayList<>();
        for (String block : bytes.toString(StandardCharsets.UTF_8).split("\n\n")) {
            String[] lines = block.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            Event event = new Event(lines[0].substring(7), AnthropicJson.MAPPER.readTree(lines[1].substring(6)));
            assertThat(event.data().get("type").asText()).isEqualTo(event.name());
            events.add(event);
        }
        return events;
    }

    private static Reply chunk(int sequence, String text, ToolCallDelta... pieces) {
        return Reply.chunk(ID, 0, sequence, "gpt-4o", "openai", text, List.of(pieces), 0);
    }

    @Test
    void textAndAToolCallStreamAsBlocksThenTheStopReasonAndUsage() throws IOException {
        format.start();
        format.chunk(chunk(0, "Let me "));
        format.chunk(chunk(1, "check."));
        format.keepAlive();
        format.chunk(chunk(2, "", new ToolCallDelta(0, "call_1", "get_weather", "")));
        format.chunk(chunk(3, "", new ToolCallDelta(0, null, null, "{\"city\":")));
        format.chunk(chunk(4, "", new ToolCallDelta(0, null, null, "\"Paris\"}")));
        format.complete(Reply.complete(ID, 0, 5, "gpt-4o", "openai", "Let me check.",
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), FinishReason.TOOL_CALLS,
                new TokenUsage(30, 9, 10), CacheStatus.MISS, 0), true);

        List<Event> events = events();
        assertThat(events).extracting(Event::name).containsExactly(
                "message_start",
                "content_block_start", "content_block_delta", "content_block_delta",
                "ping",
                "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop",
                "message_delta", "message_stop");
        JsonNode start = events.getFirst().data().get("message");
        assertThat(start.get("id").asText()).isEqualTo("msg_0197-id");
        assertThat(start.get("role").asText()).isEqualTo("assistant");
        assertThat(start.get("model").asText()).isEqualTo("fast");
        assertThat(start.get("content")).isEmpty();
        assertThat(start.has("stop_reason") && start.get("stop_reason").isNull()).isTrue();
        assertThat(start.at("/usage/input_tokens").asInt()).as("the ingress's estimate").isEqualTo(12);

        assertThat(events.get(1).data().get("index").asInt()).isZero();
        assertThat(events.get(1).data().at("/content_block/type").asText()).isEqualTo("text");
        assertThat(events.get(2).data().at("/delta/type").asText()).isEqualTo("text_delta");
        assertThat(events.get(2).data().at("/delta/text").asText()).isEqualTo("Let me ");
        assertThat(events.get(5).data().get("index").asInt()).isZero();

        JsonNode toolStart = events.get(6).data();
        assertThat(toolStart.get("index").asInt()).isEqualTo(1);
        assertThat(toolStart.at("/content_block/type").asText()).isEqualTo("tool_use");
        assertThat(toolStart.at("/content_block/id").asText()).isEqualTo("call_1");
        assertThat(toolStart.at("/content_block/name").asText()).isEqualTo("get_weather");
        assertThat(toolStart.at("/content_block/input").isObject()).isTrue();
        StringBuilder json = new StringBuilder();
        for (Event delta : events.subList(7, 10)) {
            assertThat(delta.data().get("index").asInt()).isEqualTo(1);
            assertThat(delta.data().at("/delta/type").asText()).isEqualTo("input_json_delta");
            json.append(delta.data().at("/delta/partial_json").asText());
        }
        assertThat(json).hasToString("{\"city\":\"Paris\"}");

        JsonNode messageDelta = events.get(11).data();
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(messageDelta.at("/delta/stop_sequence").isNull()).isTrue();
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(9);
        assertThat(messageDelta.at("/usage/input_tokens").asInt()).isEqualTo(20);
        assertThat(messageDelta.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void aWholeAnswerAtOnceIsWrittenAsOneDeltaPerBlock() throws IOException {
        format.start();
        format.complete(Reply.complete(ID, 0, 0, "gpt-4o", "cache", "Cached answer.",
                List.of(new ToolCall("call_1", "f", "{}")), FinishReason.STOP, new TokenUsage(0, 0, 0),
                CacheStatus.HIT, 0), false);

        List<Event> events = events();
        assertThat(events).extracting(Event::name).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events.get(2).data().at("/delta/text").asText()).isEqualTo("Cached answer.");
        assertThat(events.get(5).data().at("/delta/partial_json").asText()).isEqualTo("{}");
        assertThat(events.get(7).data().at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void aToolCallWithoutArgumentsStillSendsOneInputDelta() throws IOException {
        format.start();
        format.chunk(chunk(0, "", new ToolCallDelta(0, "call_1", "now", "")));
        format.complete(Reply.complete(ID, 0, 1, "gpt-4o", "openai", "", List.of(new ToolCall("call_1", "now", "")),
                FinishReason.TOOL_CALLS, new TokenUsage(3, 1, 0), CacheStatus.MISS, 0), true);

        List<Event> events = events();
        assertThat(events).extracting(Event::name).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.get(2).data().at("/delta/partial_json").asText()).isEmpty();
    }

    @Test
    void aFailureAfterTheStartIsAnErrorEventInAnthropicsShape() throws IOException {
        format.start();
        format.chunk(chunk(0, "Hel"));
        format.error(GatewayError.of(529, "provider_error", "overloaded", "The provider is overloaded."));

        List<Event> events = events();
        Event error = events.getLast();
        assertThat(error.name()).isEqualTo("error");
        assertThat(error.data().at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(error.data().at("/error/message").asText()).isEqualTo("The provider is overloaded.");
    }
}
