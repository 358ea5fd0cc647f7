package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.UsageRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusedRequestsTest {

    @Test
    void aRefusalIsARejectedUsageWithNoTokensTheCallersErrorCodeAndTheFiltersCounts() {
        var blocked = new FilterResult(FilterResult.Stage.INPUT, SafetyCategory.BLOCKLIST, SafetyAction.BLOCK, 1);
        GatewayRequest request = new GatewayRequest("r1", "globex", "default", "key-9", "gpt-4o-mini",
                List.of(ChatMessage.user("the blocked prompt")), SamplingParams.DEFAULTS, true, "llm.replies.i1",
                1_000, 31_000, Priority.INTERACTIVE, CachePolicy.DEFAULT, null, 12, null)
                .withApi("anthropic").withFilteredMessages(List.of(ChatMessage.user("the blocked prompt")),
                        List.of(blocked));

        UsageRecord usage = RefusedRequests.usage(request, ApiError.contentFilter("blocklist"), 1_250);

        assertThat(usage.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(usage.errorCode()).isEqualTo("content_filter");
        assertThat(usage.usage().totalTokens()).isZero();
        assertThat(usage.latencyMs()).isEqualTo(250);
        assertThat(usage.filters()).containsExactly(blocked);
        assertThat(usage.trail().api()).isEqualTo("anthropic");
        assertThat(usage.trail().stream()).isTrue();
        assertThat(usage.toString()).doesNotContain("the blocked prompt");
    }
}
