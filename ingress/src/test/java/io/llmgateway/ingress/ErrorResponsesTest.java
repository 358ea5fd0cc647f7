package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.openai.OpenAiJson;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    private final ErrorResponses errors = new ErrorResponses(1024);

    @Test
    void theBodyIsOpenAisErrorObjectWithExplicitNulls() throws Exception {
        JsonNode json = OpenAiJson.MAPPER.readTree(ErrorResponses.body(ApiError.invalidApiKey("Incorrect API key provided.")));

        assertThat(json.fieldNames()).toIterable().containsExactly("error");
        JsonNode error = json.get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").asText()).isEqualTo("Incorrect API key provided.");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void aBodyOverTheLimitIs413WithTheLimit() {
        ApiError error = errors.forStatus(413);

        assertThat(error.status()).isEqualTo(413);
        assertThat(error.type()).isEqualTo("invalid_request_error");
        assertThat(error.code()).isEqualTo("request_too_large");
        assertThat(error.getMessage()).contains("1024 bytes");
    }

    @Test
    void serverErrorsSayNothingAboutTheCause() {
        ApiError error = errors.forStatus(500);

        assertThat(error.type()).isEqualTo("server_error");
        assertThat(error.getMessage()).isEqualTo("The gateway had an internal error; retry later.");
    }

    @Test
    void aMalformedHttpRequestIsAnInvalidRequest() {
        ApiError error = errors.forStatus(400);

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.type()).isEqualTo("invalid_request_error");
    }
}
