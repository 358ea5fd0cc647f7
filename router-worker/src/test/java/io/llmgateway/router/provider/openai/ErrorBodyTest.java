package io.llmgateway.router.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    private static ChatCompletionsJson.ErrorBody parse(String body) {
        return ChatCompletionsJson.ErrorBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNullCodeIsNoCodeRatherThanTheWordNull() {
        var error = parse("""
                {"error": {"message": "Invalid value for 'temperature'", "type": "invalid_request_error",
                           "param": "temperature", "code": null}}""");

        assertThat(error.code()).isNull();
        assertThat(error.type()).isEqualTo("invalid_request_error");
        assertThat(error.message()).isEqualTo("Invalid value for 'temperature'");
    }

    @Test
    void aCodeIsKept() {
        assertThat(parse("{\"error\": {\"message\": \"m\", \"type\": \"t\", \"code\": \"context_length_exceeded\"}}")
                .code()).isEqualTo("context_length_exceeded");
    }

    @Test
    void aBodyThatIsNotJsonGivesNoDetails() {
        var error = parse("<html>502 Bad Gateway</html>");
        assertThat(error.message()).isNull();
        assertThat(error.code()).isNull();
    }
}
