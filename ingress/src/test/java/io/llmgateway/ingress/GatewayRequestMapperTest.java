package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class GatewayRequestMapperTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final GatewayConfig config = TestConfigs.config();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(config.tenants());
    private final Caller acme = auth.authenticate(Optional.of("Bearer " + TestConfigs.ACME_KEY), Optional.empty());
    private final Caller globex = auth.authenticate(Optional.of("Bearer " + TestConfigs.GLOBEX_KEY), Optional.empty());
    private final GatewayRequestMapper mapper = new GatewayRequestMapper(config, new RequestIds(clock),
            new InputTokenCounter(config.models()), clock, "llm.replies.test");

    private GatewayRequest map(Caller caller, String json) {
        return map(caller, json, Optional.empty(), Optional.empty());
    }

    private GatewayRequest map(Caller caller, String json, Optional<String> cacheControl,
                               Optional<String> traceparent) {
        return mapper.map(caller, new ChatCompletionRequestReader().read(json.getBytes(StandardCharsets.UTF_8)),
                cacheControl, traceparent);
    }

    private static void assertInvalid(ThrowingCallable call, String param, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void aValidRequestMapsToAGatewayRequest() {
        GatewayRequest request = map(acme, """
                {"model": "gpt-4o-mini",
                 "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}],
                 "temperature": 0.2, "top_p": 0.5, "max_tokens": 64, "stop": "END", "seed": 7}
                """, Optional.of("no-cache"), Optional.of(TRACEPARENT));

        assertThat(UUID.fromString(request.requestId()).version()).isEqualTo(7);
        assertThat(request.tenantId()).isEqualTo("acme");
        assertThat(request.projectId()).isEqualTo("research");
        assertThat(request.apiKeyId()).isEqualTo("acme-dev");
        assertThat(request.model()).isEqualTo("gpt-4o-mini");
        assertThat(request.messages()).containsExactly(ChatMessage.system("be brief"), ChatMessage.user("hi"));
        assertThat(request.params().temperature()).isEqualTo(0.2);
        assertThat(request.params().topP()).isEqualTo(0.5);
        assertThat(request.params().maxTokens()).isEqualTo(64);
        assertThat(request.params().stop()).containsExactly("END");
        assertThat(request.params().seed()).isEqualTo(7L);
        assertThat(request.stream()).isFalse();
        assertThat(request.replyTopic()).isEqualTo("llm.replies.test");
        assertThat(request.createdAtMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(request.deadlineMs()).isEqualTo(NOW.toEpochMilli() + config.ingress().requestTimeout().toMillis());
        assertThat(request.priority()).isEqualTo(Priority.INTERACTIVE);
        assertThat(request.cachePolicy()).isEqualTo(CachePolicy.NO_CACHE);
        assertThat(request.traceparent()).isEqualTo(TRACEPARENT);
        assertThat(request.estimatedInputTokens()).isPositive();
        assertThat(request.reservation()).isNull();
    }

    @Test
    void textPartsAreJoinedAndDeveloperIsASystemMessage() {
        GatewayRequest request = map(acme, """
                {"model": "mock-echo", "messages": [
                  {"role": "developer", "content": "rules"},
                  {"role": "user", "content": [{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]},
                  {"role": "assistant", "content": ""}]}
                """);

        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
        assertThat(request.messages().get(1).text()).isEqualTo("one\ntwo");
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content": "x"}],
                 "max_tokens": 5, "max_completion_tokens": 9}
                """).params().maxTokens()).isEqualTo(9);
    }

    @Test
    void stopTakesAStringOrUpToFourStrings() {
        String base = "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], ";
        assertThat(map(acme, base + "\"stop\": [\"a\", \"b\"]}").params().stop()).containsExactly("a", "b");
        assertInvalid(() -> map(acme, base + "\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}"), "stop", "at most 4");
        assertInvalid(() -> map(acme, base + "\"stop\": [1]}"), "stop[0]", "expected a string");
        assertInvalid(() -> map(acme, base + "\"stop\": {}}"), "stop", "expected a string or an array");
    }

    @Test
    void missingModelOrMessagesAreInvalid() {
        assertInvalid(() -> map(acme, "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"), "model",
                "must provide a model");
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\"}"), "messages", "Missing required parameter");
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\", \"messages\": []}"), "messages",
                "at least one message");
    }

    @Test
    void badRolesAndContentAreInvalid() {
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}"),
                "messages[0].role", "must be one of");
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"content\": \"x\"}]}"),
                "messages[0].role", "Missing required parameter");
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\"}]}"),
                "messages[0].content", "Missing required parameter");
        assertInvalid(() -> map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}"),
                "messages[0].content", "expected a string or an array");
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content":
                  [{"type": "input_audio", "input_audio": {"data": "x"}}]}]}
                """), "messages[0].content[0].type", "not supported");
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "system", "content":
                  [{"type": "image_url", "image_url": {"url": "https://203.0.113.9/a.png"}}]}]}
                """), "messages[0].content[0].type", "only allowed in user messages");
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content": [{"type": "text", "text": 3}]}]}
                """), "messages[0].content[0].text", "expected a string");
    }

    @Test
    void parametersOutOfRangeAreInvalid() {
        String base = "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], ";
        assertInvalid(() -> map(acme, base + "\"temperature\": 2.5}"), "temperature", "between 0 and 2");
        assertInvalid(() -> map(acme, base + "\"top_p\": -0.1}"), "top_p", "between 0 and 1");
        assertInvalid(() -> map(acme, base + "\"max_tokens\": 0}"), "max_tokens", "at least 1");
        assertInvalid(() -> map(acme, base + "\"max_completion_tokens\": -3}"), "max_completion_tokens", "at least 1");
    }

    @Test
    void severalChoicesAndMalformedToolsAreRefusedNotIgnored() {
        String base = "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], ";
        assertInvalid(() -> map(acme, base + "\"n\": 2}"), "n", "Only n = 1");
        assertInvalid(() -> map(acme, base + "\"tools\": [{\"type\": \"function\"}]}"), "tools[0]", "expected");
        assertInvalid(() -> map(acme, base + "\"tool_choice\": \"always\"}"), "tool_choice", "Invalid value");
    }

    @Test
    void streamToolsAndImagesAreMappedToTheUnifiedFormat() {
        GatewayRequest request = map(acme, """
                {"model": "mock-echo", "stream": true, "messages": [
                  {"role": "user", "content": [{"type": "text", "text": "look"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "21C"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}}}
                """);
        assertThat(request.stream()).isTrue();
        assertThat(request.hasImages()).isTrue();
        assertThat(request.messages().get(1).toolCalls()).singleElement()
                .satisfies(call -> assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}"));
        assertThat(request.messages().get(2).toolCallId()).isEqualTo("call_1");
        assertThat(request.tools()).singleElement().satisfies(tool -> assertThat(tool.name()).isEqualTo("get_weather"));
        assertThat(request.toolChoice().name()).isEqualTo("get_weather");
    }

    @Test
    void blankIdsAndNamesAre400sNotServerErrors() {
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content": "x"},
                  {"role": "assistant", "tool_calls": [{"id": "", "type": "function",
                    "function": {"name": "f", "arguments": "{}"}}]}]}
                """), "messages", "tool_call.id");
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content": "x"}],
                 "tools": [{"type": "function", "function": {"name": ""}}]}
                """), "tools", "tool.name");
    }

    @Test
    void aToolResultWithoutItsCallIsInvalid() {
        assertInvalid(() -> map(acme, """
                {"model": "mock-echo", "messages": [{"role": "user", "content": "x"},
                  {"role": "tool", "tool_call_id": "call_9", "content": "42"}]}
                """), null, "call_9");
    }

    @Test
    void anImageToATextOnlyDeploymentIsInvalid() {
        assertInvalid(() -> map(acme, """
                {"model": "text-only", "messages": [{"role": "user", "content":
                  [{"type": "image_url", "image_url": {"url": "https://203.0.113.9/a.png"}}]}]}
                """), "messages", "does not accept image input");
    }

    @Test
    void anUnknownModelAndAForbiddenModelGetTheSame404() {
        String body = "{\"model\": \"%s\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
        assertThatThrownBy(() -> map(acme, body.formatted("no-such-model")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("model_not_found");
                    assertThat(e.param()).isEqualTo("model");
                });
        assertThatThrownBy(() -> map(globex, body.formatted("gpt-4o-mini")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("model_not_found");
                });
        assertThat(map(globex, body.formatted("mock-echo")).tenantId()).isEqualTo("globex");
    }

    @Test
    void cacheControlMapsToThePolicyAndNoStoreWins() {
        assertThat(GatewayRequestMapper.cachePolicy(Optional.empty())).isEqualTo(CachePolicy.DEFAULT);
        assertThat(GatewayRequestMapper.cachePolicy(Optional.of("max-age=0"))).isEqualTo(CachePolicy.DEFAULT);
        assertThat(GatewayRequestMapper.cachePolicy(Optional.of("No-Cache"))).isEqualTo(CachePolicy.NO_CACHE);
        assertThat(GatewayRequestMapper.cachePolicy(Optional.of("no-store"))).isEqualTo(CachePolicy.NO_STORE);
        assertThat(GatewayRequestMapper.cachePolicy(Optional.of("no-store, no-cache"))).isEqualTo(CachePolicy.NO_STORE);
        assertThat(GatewayRequestMapper.cachePolicy(Optional.of("no-cache,no-store"))).isEqualTo(CachePolicy.NO_STORE);
    }

    @Test
    void aMalformedTraceparentIsNotPassedOn() {
        String body = "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}";
        assertThat(map(acme, body, Optional.empty(), Optional.of("garbage")).traceparent()).isNull();
        assertThat(map(acme, body).traceparent()).isNull();
    }

    @Test
    void theEstimateCountsTheConversation() {
        GatewayRequest shortOne = map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        GatewayRequest longOne = map(acme, "{\"model\": \"mock-echo\", \"messages\": [{\"role\": \"user\", \"content\": \""
                + "word ".repeat(100) + "\"}]}");

        assertThat(longOne.estimatedInputTokens()).isGreaterThan(shortOne.estimatedInputTokens() + 90);
        assertThat(shortOne.messages()).isEqualTo(List.of(ChatMessage.user("hi")));
    }
}
