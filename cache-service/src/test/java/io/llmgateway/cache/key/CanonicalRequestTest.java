package io.llmgateway.cache.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.ContentPart;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.SamplingParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    private static GatewayRequest request(String id, String tenant, String model, List<ChatMessage> messages,
                                          SamplingParams params, boolean stream) {
        return new GatewayRequest(id, tenant, "p-" + id, "k-" + id, model, messages, params, stream,
                "llm.replies." + id, 1_000, 61_000, null, null, "tp-" + id, 5, null);
    }

    private static CacheKeys keys(String tenant, String model, List<ChatMessage> messages, SamplingParams params) {
        return CanonicalRequest.keysOf(request("a", tenant, model, messages, params, false));
    }

    @Test
    void deliveryFieldsDoNotChangeTheKeys() {
        List<ChatMessage> question = List.of(ChatMessage.user("What is DNS?"));
        CacheKeys one = CanonicalRequest.keysOf(request("a", "acme", "m", question, null, false));
        CacheKeys other = CanonicalRequest.keysOf(request("b", "acme", "m", question, null, true));
        assertThat(other).isEqualTo(one);
        assertThat(one.prompt()).isEqualTo("What is DNS?");
    }

    @Test
    void tenantModelSystemPromptAndParametersAreInBothKeys() {
        List<ChatMessage> question = List.of(ChatMessage.user("What is DNS?"));
        CacheKeys base = keys("acme", "m", question, null);
        for (CacheKeys other : List.of(keys("globex", "m", question, null), keys("acme", "n", question, null),
                keys("acme", "m", List.of(ChatMessage.system("Answer in French."), question.getFirst()), null),
                keys("acme", "m", question, new SamplingParams(0.0, null, 10, null, null)))) {
            assertThat(other.exactKey()).isNotEqualTo(base.exactKey());
            assertThat(other.scopeKey()).isNotEqualTo(base.scopeKey());
        }
    }

    @Test
    void theQuestionChangesTheExactKeyButNotTheScope() {
        CacheKeys one = keys("acme", "m", List.of(ChatMessage.user("What is DNS?")), null);
        CacheKeys other = keys("acme", "m", List.of(ChatMessage.user("What's DNS?")), null);
        assertThat(other.exactKey()).isNotEqualTo(one.exactKey());
        assertThat(other.scopeKey()).isEqualTo(one.scopeKey());
    }

    @Test
    void aMultiTurnConversationHasNoPromptForTheSemanticTier() {
        CacheKeys keys = keys("acme", "m", List.of(ChatMessage.user("Hi"), new ChatMessage(Role.ASSISTANT, "Hello!"),
                ChatMessage.user("What is DNS?")), null);
        assertThat(keys.singleTurn()).isFalse();
        assertThat(keys.userText()).isEqualTo("Hi\nWhat is DNS?");
    }

    @Test
    void aQuestionAboutAnImageUsesTheExactTierOnlyAndItsKeyHashesTheImage() {
        ChatMessage first = new ChatMessage(Role.USER, List.of(new ContentPart.Text("What is in this picture?"),
                ContentPart.Image.ofUrl("https://example.com/a.png")), null, null);
        ChatMessage second = new ChatMessage(Role.USER, List.of(new ContentPart.Text("What is in this picture?"),
                ContentPart.Image.ofUrl("https://example.com/b.png")), null, null);
        CacheKeys one = keys("acme", "m", List.of(first), null);
        CacheKeys other = keys("acme", "m", List.of(second), null);
        assertThat(one.singleTurn()).as("no semantic tier: the text alone is not the question").isFalse();
        assertThat(other.exactKey()).isNotEqualTo(one.exactKey());
    }
}
