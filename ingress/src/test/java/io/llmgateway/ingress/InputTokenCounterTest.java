package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.schemas.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputTokenCounterTest {

    private final InputTokenCounter counter = new InputTokenCounter(TestConfigs.config().models());

    @Test
    void gpt4oFamilyNamesUseO200kAndOthersCl100k() {
        assertThat(InputTokenCounter.isO200kFamily("gpt-4o")).isTrue();
        assertThat(InputTokenCounter.isO200kFamily("gpt-4o-mini-2024-07-18")).isTrue();
        assertThat(InputTokenCounter.isO200kFamily("openai/GPT-4o")).isTrue();
        assertThat(InputTokenCounter.isO200kFamily("o3-mini")).isTrue();
        assertThat(InputTokenCounter.isO200kFamily("gpt-4.1")).isTrue();
        assertThat(InputTokenCounter.isO200kFamily("gpt-4")).isFalse();
        assertThat(InputTokenCounter.isO200kFamily("gpt-3.5-turbo")).isFalse();
        assertThat(InputTokenCounter.isO200kFamily("claude-3-5-sonnet")).isFalse();
    }

    @Test
    void anAliasIsTokenizedLikeTheProviderModelBehindIt() {
        assertThat(counter.encodingFor("gpt-4o-mini").getName()).isEqualTo("o200k_base");
        // "fast" names no family, but its deployment serves gpt-4o
        assertThat(counter.encodingFor("fast").getName()).isEqualTo("o200k_base");
        assertThat(counter.encodingFor("mock-echo").getName()).isEqualTo("cl100k_base");
    }

    @Test
    void countsContentRoleAndOpenAisFramingTokens() {
        var o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        List<ChatMessage> messages = List.of(ChatMessage.system("You are terse."), ChatMessage.user("Hello world"));

        int expected = 3
                + 3 + o200k.countTokens("system") + o200k.countTokens("You are terse.")
                + 3 + o200k.countTokens("user") + o200k.countTokens("Hello world");
        assertThat(counter.count("gpt-4o-mini", messages)).isEqualTo(expected);
        assertThat(o200k.countTokens("Hello world")).isEqualTo(2);
    }

    @Test
    void textThatLooksLikeASpecialTokenIsCountedNotRefused() {
        assertThat(counter.count("gpt-4o-mini", List.of(ChatMessage.user("<|endoftext|>")))).isGreaterThan(7);
    }
}
