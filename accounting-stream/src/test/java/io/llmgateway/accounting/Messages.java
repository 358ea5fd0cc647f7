package io.llmgateway.accounting;

import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.util.List;

/** Valid messages for tests, with only the fields a test cares about as parameters. */
final class Messages {

    static final long CREATED_AT_MS = 1_750_000_000_000L;

    private Messages() {}

    static GatewayRequest request(String requestId, String tenantId, Integer maxTokens, int estimatedInputTokens) {
        return new GatewayRequest(requestId, tenantId, "default", "key-1", "gpt-4o-mini",
                List.of(ChatMessage.user("What is Kafka?")), new SamplingParams(0.0, null, maxTokens, null, null),
                false, "llm.replies.test", CREATED_AT_MS, CREATED_AT_MS + 30_000, Priority.INTERACTIVE,
                CachePolicy.DEFAULT, null, estimatedInputTokens, null);
    }

    static UsageRecord usage(String requestId, String tenantId, int inputTokens, int outputTokens) {
        return new UsageRecord(requestId, tenantId, "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                "mock", Outcome.SUCCESS, new TokenUsage(inputTokens, outputTokens, 0), false, false, 1, 120L, 800,
                CREATED_AT_MS, CREATED_AT_MS + 800, null);
    }
}
