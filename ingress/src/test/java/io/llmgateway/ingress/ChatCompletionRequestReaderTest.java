package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.ingress.openai.ChatCompletionRequest;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ChatCompletionRequestReaderTest {

    private final ChatCompletionRequestReader reader = new ChatCompletionRequestReader();

    private ChatCompletionRequest read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
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
    void readsEveryOpenAiFieldTheGatewayUses() {
        ChatCompletionRequest request = read("""
                {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi", "name": "bob"}],
                 "temperature": 0.5, "top_p": 0.9, "max_tokens": 10, "max_completion_tokens": 20,
                 "stop": ["x"], "seed": 42, "stream": false, "n": 1, "user": "u1"}
                """);

        assertThat(request.model()).isEqualTo("gpt-4o-mini");
        assertThat(request.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo("user");
            assertThat(m.content().textValue()).isEqualTo("hi");
            assertThat(m.name()).isEqualTo("bob");
        });
        assertThat(request.temperature()).isEqualTo(0.5);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.maxTokens()).isEqualTo(10);
        assertThat(request.maxCompletionTokens()).isEqualTo(20);
        assertThat(request.stop().get(0).textValue()).isEqualTo("x");
        assertThat(request.seed()).isEqualTo(42L);
        assertThat(request.stream()).isFalse();
        assertThat(request.user()).isEqualTo("u1");
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(read("{\"model\": \"m\", \"stream_options\": {\"include_usage\": true}, \"logprobs\": false}")
                .model()).isEqualTo("m");
    }

    @Test
    void malformedJsonIsAnInvalidRequestWithoutQuotingTheBody() {
        assertInvalid(() -> read("{\"model\": \"m\", secret-token}"), null, "could not parse the JSON body");
        assertThatThrownBy(() -> read("{\"model\": \"m\", secret-token}")).hasMessageNotContaining("secret");
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertInvalid(() -> read("{\"model\": \"m\"} {}"), null, "could not parse the JSON body");
    }

    @Test
    void anEmptyBodyIsAnInvalidRequest() {
        assertInvalid(() -> reader.read(new byte[0]), null, "body is empty");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnInvalidRequest() {
        assertInvalid(() -> read("[1, 2]"), null, "must be a JSON object");
        assertInvalid(() -> read("\"hello\""), null, "must be a JSON object");
        assertInvalid(() -> read("null"), null, "must be a JSON object");
    }

    @Test
    void aWrongTypeNamesTheFieldAndTheExpectedType() {
        assertInvalid(() -> read("{\"model\": 4}"), "model", "expected a string");
        assertInvalid(() -> read("{\"temperature\": \"hot\"}"), "temperature", "expected a number");
        assertInvalid(() -> read("{\"max_tokens\": 1.5}"), "max_tokens", "expected an integer");
        assertInvalid(() -> read("{\"stream\": \"yes\"}"), "stream", "expected a boolean");
        assertInvalid(() -> read("{\"messages\": \"hi\"}"), "messages", "expected an array");
        assertInvalid(() -> read("{\"messages\": [{\"role\": 1, \"content\": \"x\"}]}"), "messages[0].role",
                "expected a string");
        assertInvalid(() -> read("{\"messages\": [\"hi\"]}"), "messages[0]", "expected an object");
    }

    @Test
    void numbersAreNotReadFromStrings() {
        assertInvalid(() -> read("{\"max_tokens\": \"10\"}"), "max_tokens", "expected an integer");
    }

    @Test
    void aNumberOutOfRangeIsAnInvalidRequest() {
        assertThatThrownBy(() -> read("{\"max_tokens\": 100000000000000000000}"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aDuplicateFieldIsMalformed() {
        assertInvalid(() -> read("{\"model\": \"a\", \"model\": \"b\"}"), null, "could not parse");
    }
}
