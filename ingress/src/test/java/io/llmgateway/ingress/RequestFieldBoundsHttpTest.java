package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelConfig;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ingress.request_bounds} and {@code max_output_tokens} over real HTTP, on both APIs: a
 * request past a bound is a 400 in the caller's format naming the field, and is never published.
 */
class RequestFieldBoundsHttpTest {

    @RegisterExtension
    static final LoopbackIngress INGRESS = new LoopbackIngress(RequestFieldBoundsHttpTest::config);

    private static GatewayConfig config() {
        GatewayConfig config = TestConfigs.config("127.0.0.1:9", "  request_timeout: 30s\n"
                + "  request_bounds: {max_tokens: 1000, max_messages: 3, max_stop_sequences: 2,"
                + " max_stop_sequence_chars: 10, max_tools: 2}");
        // gpt-4o-mini's deployment says it writes at most 500 tokens; the other aliases name no maximum.
        Map<String, ModelConfig> models = new HashMap<>(config.models());
        models.put("gpt-4o-mini", new ModelConfig(List.of(
                new Deployment("mock", "gpt-4o-mini", 0, 1, null, false, null, 500))));
        return config.withModels(models);
    }

    @Test
    void maxTokensIsBoundedByTheModelsMaximumWhereConfiguredElseByTheCap() {
        assertOpenAiRefusal(chat("gpt-4o-mini", "\"max_tokens\": 501"), "max_tokens", "at most 500");
        assertOpenAiRefusal(chat("gpt-4o-mini", "\"max_completion_tokens\": 501"), "max_completion_tokens",
                "at most 500");
        assertOpenAiRefusal(chat("mock-echo", "\"max_tokens\": 1001"), "max_tokens", "at most 1000");
        assertAnthropicRefusal(messages("gpt-4o-mini", 501, ""), "max_tokens", "at most 500");
        assertAnthropicRefusal(messages("mock-echo", 1001, ""), "max_tokens", "at most 1000");
        assertThat(INGRESS.pipeline().sent()).isEmpty();

        assertThat(INGRESS.http().chat(TestConfigs.ACME_KEY, chat("gpt-4o-mini", "\"max_tokens\": 500")).statusCode())
                .isEqualTo(200);
        assertThat(INGRESS.http().messages(TestConfigs.ACME_KEY, messages("mock-echo", 1000, "")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void tooManyMessagesAreRefusedOnBothApis() {
        String four = IntStream.range(0, 4).mapToObj(i -> "{\"role\": \"user\", \"content\": \"m" + i + "\"}")
                .collect(Collectors.joining(","));
        assertOpenAiRefusal("{\"model\": \"mock-echo\", \"messages\": [" + four + "]}", "messages", "at most 3");
        assertAnthropicRefusal("{\"model\": \"mock-echo\", \"max_tokens\": 5, \"messages\": [" + four + "]}",
                "messages", "at most 3");
        assertThat(INGRESS.pipeline().sent()).isEmpty();
    }

    @Test
    void stopSequencesAreBoundedInNumberAndLength() {
        assertOpenAiRefusal(chat("mock-echo", "\"stop\": [\"a\", \"b\", \"c\"]"), "stop", "at most 2");
        assertOpenAiRefusal(chat("mock-echo", "\"stop\": \"eleven-char\""), "stop[0]", "at most 10 characters");
        assertAnthropicRefusal(messages("mock-echo", 5, ", \"stop_sequences\": [\"a\", \"b\", \"c\"]"),
                "stop_sequences", "at most 2");
        assertAnthropicRefusal(messages("mock-echo", 5, ", \"stop_sequences\": [\"ok\", \"eleven-char\"]"),
                "stop_sequences[1]", "at most 10 characters");
        assertThat(INGRESS.pipeline().sent()).isEmpty();
    }

    @Test
    void tooManyToolsAreRefusedOnBothApis() {
        String openAiTools = IntStream.range(0, 3).mapToObj(i -> "{\"type\": \"function\", \"function\": {\"name\": \"f"
                + i + "\", \"parameters\": {\"type\": \"object\"}}}").collect(Collectors.joining(","));
        String anthropicTools = IntStream.range(0, 3).mapToObj(i -> "{\"name\": \"f" + i
                + "\", \"input_schema\": {\"type\": \"object\"}}").collect(Collectors.joining(","));
        assertOpenAiRefusal(chat("mock-echo", "\"tools\": [" + openAiTools + "]"), "tools", "at most 2");
        assertAnthropicRefusal(messages("mock-echo", 5, ", \"tools\": [" + anthropicTools + "]"), "tools",
                "at most 2");
        assertThat(INGRESS.pipeline().sent()).isEmpty();
    }

    private static String chat(String model, String extra) {
        return "{\"model\": \"" + model + "\", " + extra + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
    }

    private static String messages(String model, int maxTokens, String extra) {
        return "{\"model\": \"" + model + "\", \"max_tokens\": " + maxTokens
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]" + extra + "}";
    }

    private static void assertOpenAiRefusal(String body, String param, String says) {
        HttpResponse<String> response = INGRESS.http().chat(TestConfigs.ACME_KEY, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = HttpCalls.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("message").asText()).contains("'" + param + "'").contains(says);
    }

    private static void assertAnthropicRefusal(String body, String param, String says) {
        HttpResponse<String> response = INGRESS.http().messages(TestConfigs.ACME_KEY, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode json = HttpCalls.json(response);
        assertThat(json.get("type").asText()).isEqualTo("error");
        assertThat(json.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json.get("error").get("message").asText()).contains("'" + param + "'").contains(says);
    }
}
