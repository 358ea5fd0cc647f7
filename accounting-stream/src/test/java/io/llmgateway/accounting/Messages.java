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
    static final String REPLY_TOPIC = "llm.replies.test";
    /**
     * The deadline of the requests made at {@link #CREATED_AT_MS}: later than any clock a test
     * moves to, so admission never finds them expired (tests of deadlines give their own).
     */
    static final long FAR_DEADLINE_MS = 4_102_444_800_000L; // 2100-01-01

    private Messages() {}

    static GatewayRequest request(String requestId, String tenantId, Integer maxTokens, int estimatedInputTokens) {
        return request(requestId, tenantId, "default", "gpt-4o-mini", maxTokens, estimatedInputTokens);
    }

    static GatewayRequest request(String requestId, String tenantId, String projectId, String model,
                                  Integer maxTokens, int estimatedInputTokens) {
        return request(requestId, tenantId, projectId, model, maxTokens, estimatedInputTokens, CREATED_AT_MS,
                FAR_DEADLINE_MS, REPLY_TOPIC);
    }

    /** A request with 30 s to its deadline from {@code createdAtMs}. */
    static GatewayRequest request(String requestId, String tenantId, String projectId, String model,
                                  Integer maxTokens, int estimatedInputTokens, long createdAtMs, String replyTopic) {
        return request(requestId, tenantId, projectId, model, maxTokens, estimatedInputTokens, createdAtMs,
                createdAtMs + 30_000, replyTopic);
    }

    static GatewayRequest request(String requestId, String tenantId, String projectId, String model,
                                  Integer maxTokens, int estimatedInputTokens, long createdAtMs, long deadlineMs,
                                  String replyTopic) {
        return new GatewayRequest(requestId, tenantId, projectId, "key-1", model,
                List.of(ChatMessage.user("What is Kafka?")), new SamplingParams(0.0, null, maxTokens, null, null),
                false, replyTopic, createdAtMs, deadlineMs, Priority.INTERACTIVE,
                CachePolicy.DEFAULT, null, estimatedInputTokens, null);
    }

    static UsageRecord usage(String requestId, String tenantId, int inputTokens, int outputTokens) {
        return usage(requestId, tenantId, "default", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                new TokenUsage(inputTokens, outputTokens, 0), CREATED_AT_MS);
    }

    static UsageRecord usage(String requestId, String tenantId, String projectId, String modelRequested,
                             String modelServed, TokenUsage tokens, long startedAtMs) {
        return new UsageRecord(requestId, tenantId, projectId, "key-1", modelRequested, modelServed,
                "mock", Outcome.SUCCESS, tokens, false, false, 1, 120L, 800,
                startedAtMs, startedAtMs + 800, null);
    }
}
