package io.llmgateway.ingress.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BatchInputTest {

    private static final String ENDPOINT = "/v1/chat/completions";

    private static String line(String customId, String url, String body) {
        return "{\"custom_id\":" + (customId == null ? "null" : "\"" + customId + "\"")
                + ",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":" + body + "}";
    }

    private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void wellFormedLinesAreRequestsAndEachBadLineIsReportedWithItsNumberWhileTheRestProceed() {
        String file = String.join("\n",
                line("a", ENDPOINT, BODY),
                "",
                "{not json",
                line(null, ENDPOINT, BODY),
                line("a", ENDPOINT, BODY),
                line("c", "/v1/embeddings", BODY),
                line("d", ENDPOINT, "{\"model\":4,\"messages\":[]}"),
                line("e", ENDPOINT, BODY)) + "\r\n";

        BatchInput input = BatchInput.parse(file.getBytes(StandardCharsets.UTF_8), ENDPOINT);

        assertThat(input.requests()).extracting(BatchInput.Line::line, BatchInput.Line::customId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "a"), org.assertj.core.groups.Tuple.tuple(8, "e"));
        assertThat(input.malformed()).extracting(BatchInput.Malformed::line).containsExactly(3, 4, 5, 6, 7);
        assertThat(input.malformed().get(0).message()).isEqualTo("Line 3 is not valid JSON.");
        assertThat(input.malformed().get(1).message()).contains("custom_id");
        assertThat(input.malformed().get(2).message()).contains("'a' is used by an earlier line");
        assertThat(input.malformed().get(3).message()).contains("'url' must be the batch's endpoint");
        assertThat(input.malformed().get(4).message()).startsWith("Line 7: invalid body").contains("model");
        assertThat(input.malformed().get(4).customId()).isEqualTo("d");
        assertThat(input.total()).isEqualTo(7);
    }

    @Test
    void anEmptyFileHasNoRequests() {
        assertThat(BatchInput.parse("\n\n".getBytes(StandardCharsets.UTF_8), ENDPOINT).total()).isZero();
    }
}
