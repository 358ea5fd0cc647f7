package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Image URLs a provider would fetch for us, over real HTTP on both APIs: internal addresses (and
 * plain http) are a 400 naming the field, and nothing is published. (Every notation is in
 * ImageUrlPolicyTest.)
 */
class ImageUrlHttpTest {

    @RegisterExtension
    static final LoopbackIngress INGRESS = new LoopbackIngress(TestConfigs::config);

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/a.png", "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/a.png", "https://10.1.2.3/a.png", "https://localhost/a.png", "http://203.0.113.9/a.png"})
    void imageUrlsToInternalAddressesAreRefusedOnBothApis(String url) {
        HttpResponse<String> openAi = INGRESS.http().chat(TestConfigs.ACME_KEY, openAiImage(url));
        HttpResponse<String> anthropic = INGRESS.http().messages(TestConfigs.ACME_KEY, anthropicImage(url));

        assertRefusedNaming(openAi, "messages[0].content[1].image_url.url");
        assertThat(HttpCalls.json(openAi).get("error").get("param").asText())
                .isEqualTo("messages[0].content[1].image_url.url");
        assertRefusedNaming(anthropic, "messages[0].content[0].source.url");
        assertThat(HttpCalls.json(anthropic).get("type").asText()).isEqualTo("error");
        assertThat(INGRESS.pipeline().sent()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/chat/completions", "/v1/messages"})
    void aPublicHttpsImageUrlGoesThrough(String path) {
        String url = "https://203.0.113.9/a.png";
        HttpResponse<String> response = path.equals("/v1/messages")
                ? INGRESS.http().messages(TestConfigs.ACME_KEY, anthropicImage(url))
                : INGRESS.http().chat(TestConfigs.ACME_KEY, openAiImage(url));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(INGRESS.pipeline().sent()).hasSize(1);
    }

    private static String openAiImage(String url) {
        return "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", "
                + "\"text\": \"what is it?\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": \"" + url + "\"}}]}]}";
    }

    private static String anthropicImage(String url) {
        return "{\"model\": \"gpt-4o-mini\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": "
                + "[{\"type\": \"image\", \"source\": {\"type\": \"url\", \"url\": \"" + url + "\"}}]}]}";
    }

    /** Either API's error: its type and message are in the same places under "error". */
    private static void assertRefusedNaming(HttpResponse<String> response, String param) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = HttpCalls.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("'" + param + "'");
    }
}
