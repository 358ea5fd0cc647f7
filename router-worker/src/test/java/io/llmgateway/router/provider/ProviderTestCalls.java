package io.llmgateway.router.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.config.ProviderType;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.ToolCall;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Calls and configs the adapter tests share: a plain question, and a tool-call round trip. */
public final class ProviderTestCalls {

    public static final String KEY = "sk-test-secret-1234567890";
    public static final ObjectMapper JSON = new ObjectMapper();

    private ProviderTestCalls() {}

    public static ProviderConfig config(ProviderType type, String baseUrl, Duration requestTimeout) {
        return new ProviderConfig(type, URI.create(baseUrl), null, Duration.ofSeconds(2), requestTimeout);
    }

    public static ChatCall hello(String model) {
        return new ChatCall(model, List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello there")),
                new SamplingParams(0.0, null, 64, null, null), Instant.now().plusSeconds(20));
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ToolDefinition weatherTool() {
        return new ToolDefinition("get_weather", "The weather of a city", json(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"), null);
    }

    /** The second turn of a tool round trip: the model called get_weather, here is its result. */
    public static ChatCall withToolResult(String model) {
        return new ChatCall(model, List.of(
                ChatMessage.system("Use the tools."),
                ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
                ChatMessage.toolResult("call_1", "{\"temp_c\":21}")),
                new SamplingParams(0.0, null, 64, null, null), Instant.now().plusSeconds(20),
                List.of(weatherTool()), ToolChoice.AUTO, null, null);
    }

    /** The first turn: the model may call get_weather. */
    public static ChatCall askingForWeather(String model) {
        return new ChatCall(model, List.of(ChatMessage.user("Weather in Paris?")), SamplingParams.DEFAULTS,
                Instant.now().plusSeconds(20), List.of(weatherTool()), null, null, null);
    }

    /** Collects the deltas of a stream. */
    public static final class Collected implements StreamListener {
        public final List<ChatDelta> deltas = new CopyOnWriteArrayList<>();

        @Override
        public void onDelta(ChatDelta delta) {
            deltas.add(delta);
        }

        public String text() {
            StringBuilder text = new StringBuilder();
            deltas.forEach(d -> text.append(d.text()));
            return text.toString();
        }
    }
}
