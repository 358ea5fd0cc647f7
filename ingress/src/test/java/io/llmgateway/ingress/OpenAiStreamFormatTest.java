package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI's chunk stream as the format writes it. */
class OpenAiStreamFormatTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OpenAiStreamFormat format =
            new OpenAiStreamFormat(new SseOut(bytes, OpenAiJson.MAPPER), "0197-id", 1_748_779_200L, "fast", true);

    private List<String> dataLines() {
        List<String> lines = new ArrayList<>();
        for (String event : bytes.toString(StandardCharsets.UTF_8).split("\n\n")) {
            assertThat(event).startsWith("data: ");
            lines.add(event.substring("data: ".length()));
        }
        return lines;
    }

    @Test
    void chunksCarryFinishReasonAndLogprobsAsExplicitNullsUntilTheEnd() throws IOException {
        format.start();
        format.chunk(Reply.chunk("0197-id", 0, 0, "gpt-4o", "openai", "Hi", 0));
        format.complete(Reply.complete("0197-id", 0, 1, "gpt-4o", "openai", "Hi", FinishReason.STOP,
                new TokenUsage(3, 1, 0), CacheStatus.MISS, 0), true);

        List<String> lines = dataLines();
        assertThat(lines.getLast()).isEqualTo("[DONE]");
        JsonNode first = OpenAiJson.MAPPER.readTree(lines.getFirst());
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        JsonNode choice = first.at("/choices/0");
        // OpenAI's chunk schema lists both as required (nullable): they are sent, as null.
        assertThat(choice.has("finish_reason") && choice.get("finish_reason").isNull()).isTrue();
        assertThat(choice.has("logprobs") && choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.at("/delta/role").asText()).isEqualTo("assistant");
        assertThat(OpenAiJson.MAPPER.readTree(lines.get(1)).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
        assertThat(OpenAiJson.MAPPER.readTree(lines.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = OpenAiJson.MAPPER.readTree(lines.get(3));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(4);
    }
}
