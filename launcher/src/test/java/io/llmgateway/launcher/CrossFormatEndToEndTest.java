package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockserver.model.HttpRequest.request;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockserver.client.LlmMockBuilder;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.mock.Expectation;
import org.mockserver.model.Completion;
import org.mockserver.model.EmbeddingResponse;
import org.mockserver.model.HttpLlmResponse;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.Provider;
import org.mockserver.model.RegexBody;
import org.mockserver.model.StringBody;
import org.mockserver.model.ToolUse;
import org.mockserver.model.Usage;

/**
 * One format for every provider, end to end: the official SDKs through ingress, Kafka,
 * accounting, cache (off), router and a provider of another API format, and back.
 * <ul>
 *   <li>the Anthropic SDK served by OpenAI providers: the project's mock provider (chat and
 *       streaming), and MockServer speaking OpenAI's format for a tool round trip (the mock
 *       provider never calls tools);
 *   <li>the OpenAI SDK served by an Anthropic and a Gemini provider, both MockServer 7.6 speaking
 *       those wire formats: chat, streaming, and a tool round trip whose first turn streams.
 * </ul>
 * Each test's prompt carries a marker that picks its MockServer expectation; the turn that
 * answers a tool result is matched on the marker and the result together. The router always calls
 * providers streaming (its time limits need the first token), so MockServer always answers with
 * that format's event stream, and a caller that did not ask for a stream gets the whole answer.
 */
class CrossFormatEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String KEY = "sk-test-cross-format-0123456789";
    private static final String CLAUDE = "claude-sonnet-4-5";
    private static final String GEMINI = "gemini-2.5-flash";
    private static final String GEMINI_PATH = "/v1beta/models/" + GEMINI + ":streamGenerateContent";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ClientAndServer providers;
    private static DevGateway gateway;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;
    /** The same SDK with the key as a bearer token, as {@code authToken} sends it. */
    private static AnthropicClient anthropicBearer;

    @BeforeAll
    static void start() throws Exception {
        providers = ClientAndServer.startClientAndServer(0);
        // The cache service asks its embedder for the vector size at start; nothing else calls it.
        LlmMockBuilder.llmMock("/v1/embeddings").withProvider(Provider.OPENAI)
                .respondingWith(EmbeddingResponse.embedding().withDimensions(8)).applyTo(providers);
        gateway = DevGateway.start(config(providers.getPort()),
                new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0), Clock.systemUTC());
        String base = "http://127.0.0.1:" + gateway.ingressPort();
        openAi = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).responseValidation(true).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(base).apiKey(KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).responseValidation(true).build();
        anthropicBearer = AnthropicOkHttpClient.builder().baseUrl(base).authToken(KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).responseValidation(true).build();
    }

    @AfterAll
    static void stop() {
        if (anthropicBearer != null) {
            anthropicBearer.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        if (openAi != null) {
            openAi.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (providers != null) {
            providers.stop();
        }
    }

    /**
     * Four aliases: one on the project's mock provider, three on MockServer in OpenAI's,
     * Anthropic's and Gemini's format. The cache is off (these tests are about formats), and its
     * embedder is MockServer's, which spares loading MiniLM.
     */
    private static GatewayConfig config(int mockServerPort) throws Exception {
        String providerUrl = "http://127.0.0.1:" + mockServerPort;
        String yaml = """
                kafka: {partitions: 2, replication_factor: 1}
                ingress: {host: 127.0.0.1, request_timeout: 30s}
                cache:
                  enabled: false
                  embedder: {type: provider, provider: openai-wire, model: text-embedding-3-small}
                accounting: {commit_interval: 5ms}
                providers:
                  mock: {type: openai, base_url: "http://127.0.0.1:8099/v1"}
                  openai-wire: {type: openai, base_url: "%1$s/v1"}
                  anthropic-wire: {type: anthropic, base_url: "%1$s/v1"}
                  gemini-wire: {type: gemini, base_url: "%1$s/v1beta"}
                models:
                  gpt-4o-mini: {deployments: [{provider: mock, model: gpt-4o-mini}]}
                  gpt-tools: {deployments: [{provider: openai-wire, model: gpt-4o}]}
                  claude: {deployments: [{provider: anthropic-wire, model: %2$s}]}
                  gemini: {deployments: [{provider: gemini-wire, model: %3$s}]}
                tenants:
                  acme:
                    api_keys: [{id: acme-cross, sha256: %4$s}]
                mock_provider: {host: 127.0.0.1, port: 8099}
                """.formatted(providerUrl, CLAUDE, GEMINI, HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8))));
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "cross-format.yaml");
    }

    // ---- MockServer as a provider -------------------------------------------------------------

    /** Answers requests to {@code path} whose body contains {@code marker}, as a stream. */
    private static void answer(String path, Provider provider, String model, String marker, Completion completion) {
        providers.upsert(Expectation.when(request().withPath(path).withBody(StringBody.subString(marker)))
                .thenRespondWithLlm(HttpLlmResponse.llmResponse().withProvider(provider).withModel(model)
                        .withCompletion(completion.withStreaming(true))));
    }

    /** Answers, before {@link #answer}, the turn whose body has both {@code marker} and {@code toolResult}. */
    private static void answerToolResult(String path, Provider provider, String model, String marker,
                                         String toolResult, Completion completion) {
        providers.upsert(Expectation.when(request().withPath(path)
                        .withBody(RegexBody.regex("(?s)(?=.*" + marker + ")(?=.*" + toolResult + ").*")), 10)
                .thenRespondWithLlm(HttpLlmResponse.llmResponse().withProvider(provider).withModel(model)
                        .withCompletion(completion.withStreaming(true))));
    }

    /** The bodies the provider got for {@code path} whose body contains {@code marker}, in order. */
    private static List<JsonNode> sentToProvider(String path, String marker) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (HttpRequest sent : providers.retrieveRecordedRequests(request().withPath(path)
                .withBody(StringBody.subString(marker)))) {
            bodies.add(JSON.readTree(sent.getBodyAsString()));
        }
        return bodies;
    }

    private static Completion weatherCall() {
        return Completion.completion().withText("Let me check.")
                .withToolCall(ToolUse.toolUse("get_weather").withArguments("{\"city\":\"Paris\"}"))
                .withUsage(Usage.usage().withInputTokens(40).withOutputTokens(12));
    }

    private static Completion text(String text) {
        return Completion.completion().withText(text).withUsage(Usage.usage().withInputTokens(11).withOutputTokens(4));
    }

    // ---- The Anthropic SDK, OpenAI providers -------------------------------------------------

    @Test
    void theAnthropicSdkGetsAMessageFromTheOpenAiMockProvider() {
        Message message = anthropic.messages().create(MessageCreateParams.builder()
                .model("gpt-4o-mini")
                .maxTokens(64)
                .system("Be brief.")
                .addUserMessage("Hello from the Anthropic SDK")
                .build());

        assertThat(message.id()).startsWith("msg_");
        assertThat(message.model().asString()).isEqualTo("gpt-4o-mini");
        assertThat(message.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Hello from the Anthropic SDK"));
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
        assertThat(gateway.mockProvider().chatRequests()).isPositive();
    }

    @Test
    void theAnthropicSdkStreamsFromTheOpenAiMockProviderWithABearerKey() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropicBearer.messages().createStreaming(
                MessageCreateParams.builder()
                        .model("gpt-4o-mini")
                        .maxTokens(64)
                        .addUserMessage("Streaming through Kafka to the Anthropic SDK")
                        .build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                events.add(event.isMessageStart() ? "message_start" : event.isMessageStop() ? "message_stop"
                        : event.isMessageDelta() ? "message_delta" : "content_block");
                event.contentBlockDelta().flatMap(delta -> delta.delta().text())
                        .ifPresent(delta -> text.append(delta.text()));
            });
        }

        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events.getLast()).isEqualTo("message_stop");
        assertThat(events).contains("message_delta");
        assertThat(text).hasToString("Streaming through Kafka to the Anthropic SDK");
        Message message = accumulator.message();
        assertThat(message.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Streaming through Kafka to the Anthropic SDK"));
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void theAnthropicSdkMakesAToolRoundTripThroughAnOpenAiProvider() throws Exception {
        String marker = "anthropic-sdk-tools";
        answer("/v1/chat/completions", Provider.OPENAI, "gpt-4o", marker, weatherCall());
        answerToolResult("/v1/chat/completions", Provider.OPENAI, "gpt-4o", marker, "\"role\":\"tool\"",
                text("It is 21C in Paris."));
        Tool weather = Tool.builder()
                .name("get_weather")
                .description("The weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city"))
                        .build())
                .build();
        MessageCreateParams.Builder conversation = MessageCreateParams.builder()
                .model("gpt-tools")
                .maxTokens(128)
                .addTool(weather)
                .addUserMessage("What is the weather in Paris? " + marker);

        // First turn, streamed: the tool call arrives as a tool_use block built from input_json_delta events.
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
                conversation.build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message first = accumulator.message();
        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock call = first.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
                .findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().convert(Map.class)).containsEntry("city", "Paris");
        assertThat(first.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()))
                .containsExactly("Let me check.");

        // Second turn: the tool's result as a tool_result block.
        Message second = anthropic.messages().create(conversation
                .addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(call.id()).content("21C").build())))
                .build());
        assertThat(second.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("It is 21C in Paris."));
        assertThat(second.stopReason()).hasValue(StopReason.END_TURN);

        // What the OpenAI provider got: the call as tool_calls, the result as a tool message answering it.
        JsonNode sent = sentToProvider("/v1/chat/completions", marker).getLast();
        JsonNode assistant = sent.at("/messages/1");
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo(call.id());
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        JsonNode tool = sent.at("/messages/2");
        assertThat(tool.path("role").asText()).isEqualTo("tool");
        assertThat(tool.path("tool_call_id").asText()).isEqualTo(call.id());
        assertThat(sent.at("/tools/0/function/parameters/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void theAnthropicSdkGetsErrorsInAnthropicsShape() {
        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder()
                .model("no-such-model").maxTokens(8).addUserMessage("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.body().toString()).contains("not_found_error");
                });
        AnthropicClient wrongKey = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.ingressPort()).apiKey("sk-wrong").maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrongKey.messages().create(MessageCreateParams.builder()
                    .model("gpt-4o-mini").maxTokens(8).addUserMessage("x").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e ->
                            assertThat(e.body().toString()).contains("authentication_error"));
        } finally {
            wrongKey.close();
        }
    }

    // ---- The OpenAI SDK, Anthropic and Gemini providers -------------------------------------

    @Test
    void theOpenAiSdkGetsACompletionFromAnAnthropicProvider() throws Exception {
        answer("/v1/messages", Provider.ANTHROPIC, CLAUDE, "claude-text", text("Bonjour from Claude."));

        ChatCompletion completion = chat("claude", "Say hello. claude-text");

        assertThat(completion.choices().getFirst().message().content()).hasValue("Bonjour from Claude.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo("claude");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(11);
            assertThat(usage.completionTokens()).isEqualTo(4);
        });
        JsonNode sent = sentToProvider("/v1/messages", "claude-text").getLast();
        assertThat(sent.path("model").asText()).isEqualTo(CLAUDE);
        assertThat(sent.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void theOpenAiSdkStreamsFromAnAnthropicProvider() {
        answer("/v1/messages", Provider.ANTHROPIC, CLAUDE, "claude-stream",
                text("Streamed from Claude, piece by piece."));

        ChatCompletion completion = chatStreamed("claude", "Stream please. claude-stream");

        assertThat(completion.choices().getFirst().message().content())
                .hasValue("Streamed from Claude, piece by piece.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void theOpenAiSdkMakesAToolRoundTripThroughAnAnthropicProvider() throws Exception {
        String marker = "claude-tools";
        answer("/v1/messages", Provider.ANTHROPIC, CLAUDE, marker, weatherCall());
        answerToolResult("/v1/messages", Provider.ANTHROPIC, CLAUDE, marker, "\"tool_result\"",
                text("It is 21C in Paris."));

        String callId = toolRoundTrip("claude", marker);

        JsonNode sent = sentToProvider("/v1/messages", marker).getLast();
        assertThat(sent.at("/messages/1/role").asText()).isEqualTo("assistant");
        JsonNode toolUse = sent.at("/messages/1/content").findParent("id");
        assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
        assertThat(toolUse.path("id").asText()).isEqualTo(callId);
        assertThat(toolUse.at("/input/city").asText()).isEqualTo("Paris");
        assertThat(sent.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(sent.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo(callId);
        assertThat(sent.at("/tools/0/input_schema/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void theOpenAiSdkGetsACompletionFromAGeminiProvider() throws Exception {
        answer(GEMINI_PATH, Provider.GEMINI, GEMINI, "gemini-text",
                text("Hello from Gemini."));

        ChatCompletion completion = chat("gemini", "Say hello. gemini-text");

        assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from Gemini.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.promptTokens()).isEqualTo(11));
        JsonNode sent = sentToProvider(GEMINI_PATH, "gemini-text").getLast();
        assertThat(sent.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(sent.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
    }

    @Test
    void theOpenAiSdkStreamsFromAGeminiProvider() {
        answer(GEMINI_PATH, Provider.GEMINI, GEMINI, "gemini-stream",
                text("Streamed from Gemini, piece by piece."));

        ChatCompletion completion = chatStreamed("gemini", "Stream please. gemini-stream");

        assertThat(completion.choices().getFirst().message().content())
                .hasValue("Streamed from Gemini, piece by piece.");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void theOpenAiSdkMakesAToolRoundTripThroughAGeminiProvider() throws Exception {
        String marker = "gemini-tools";
        answer(GEMINI_PATH, Provider.GEMINI, GEMINI, marker,
                weatherCall());
        answerToolResult(GEMINI_PATH, Provider.GEMINI, GEMINI, marker,
                "functionResponse", text("It is 21C in Paris."));

        toolRoundTrip("gemini", marker);

        JsonNode sent = sentToProvider(GEMINI_PATH, marker).getLast();
        assertThat(sent.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(sent.at("/contents/1/parts").findParent("functionCall").at("/functionCall/name").asText())
                .isEqualTo("get_weather");
        assertThat(sent.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
    }

    // ---- OpenAI SDK calls ---------------------------------------------------------------------

    private static ChatCompletionCreateParams.Builder params(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).maxCompletionTokens(64)
                .addSystemMessage("Be brief.").addUserMessage(prompt);
    }

    private static ChatCompletion chat(String model, String prompt) {
        return openAi.chat().completions().create(params(model, prompt).build());
    }

    /** Streams with a usage chunk and adds the chunks up with the SDK's own accumulator. */
    private static ChatCompletion chatStreamed(String model, String prompt) {
        return streamed(params(model, prompt));
    }

    private static ChatCompletion streamed(ChatCompletionCreateParams.Builder params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions()
                .createStreaming(params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.usage()).as("the include_usage chunk").isPresent();
        return completion;
    }

    /**
     * The weather tool round trip: the first turn streams the call, the second (not streamed)
     * sends its result back and gets the answer.
     *
     * @return the id of the call, as the client saw it
     */
    private static String toolRoundTrip(String model, String marker) {
        ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
                .model(model)
                .maxCompletionTokens(128)
                .addFunctionTool(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("The weather of a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                                .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                                        Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("city")))
                                .build())
                        .build())
                .addUserMessage("What is the weather in Paris? " + marker);

        ChatCompletion first = streamed(conversation.build().toBuilder());
        ChatCompletion.Choice choice = first.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).contains("Paris");

        ChatCompletion second = openAi.chat().completions().create(conversation
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("21C").build())
                .build());
        assertThat(second.choices().getFirst().message().content()).hasValue("It is 21C in Paris.");
        assertThat(second.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        return call.id();
    }
}
