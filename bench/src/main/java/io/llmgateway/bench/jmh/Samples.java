package io.llmgateway.bench.jmh;

import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Typical inputs of the request path, shared by the benchmarks: a short chat and a long one. */
final class Samples {

    static final String SHORT_PROMPT = "What is the capital of Slovakia? Answer in one word.";

    /** About a thousand tokens of ordinary English. */
    static final String LONG_PROMPT = ("Summarise the following meeting notes for an engineering manager. The team "
            + "discussed the rollout of the new billing pipeline, the migration of the reporting jobs to the event "
            + "stream, the on-call rotation for the holidays, and the open questions about data retention. ")
            .repeat(20);

    private Samples() {}

    static List<ChatMessage> messages(String prompt) {
        return List.of(ChatMessage.system("You are a helpful assistant. Be brief."), ChatMessage.user(prompt));
    }

    static GatewayRequest request(String prompt) {
        long now = 1_764_000_000_000L;
        return new GatewayRequest("0193a7c2-7e4f-7abc-9def-0123456789ab", "acme", "default", "acme-dev",
                "gpt-4o-mini", messages(prompt), new SamplingParams(0.0, null, 256, null, null), false,
                "llm.replies.ingress-1", now, now + 60_000, Priority.INTERACTIVE, CachePolicy.DEFAULT,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 42, null);
    }

    static Reply reply(String content) {
        return Reply.complete("0193a7c2-7e4f-7abc-9def-0123456789ab", 0, 0, "gpt-4o-mini", "mock", content,
                FinishReason.STOP, new TokenUsage(42, 17, 0), CacheStatus.MISS, 1_764_000_000_123L);
    }

    /** An OpenAI chat completion body as an SDK sends it. */
    static byte[] openAiBody(String prompt) {
        return ("{\"model\":\"gpt-4o-mini\",\"temperature\":0,\"max_tokens\":256,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a helpful assistant. Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}
