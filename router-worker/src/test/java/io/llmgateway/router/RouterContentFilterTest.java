package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.SafetyTenantPolicy;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import io.llmgateway.testkit.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Output filtering in the router, on a real broker: the echoing mock streams the request's text
 * back word by word (one chunk per word), so a secret written as {@code name = value} or a card in
 * four groups reaches the router in two, three or four chunks, the way a model's answer would.
 */
class RouterContentFilterTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String PASSWORD = "Zx8#kQ2!vR7mP4wL";
    private static final String AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYz9Q3vLk2Tq8a";
    private static final String CARD = "4539 1488 0343 6467";
    private static final String ANSWER = "Here it is: password: " + PASSWORD + " then aws_secret_access_key = "
            + AWS_SECRET + " and card " + CARD + " done";

    private MockProviderServer mock;
    private RouterHarness harness;

    @BeforeEach
    void startMockAndRouter() throws Exception {
        mock = MockProviderServer.onFreePort(MockBehavior.DEFAULT).start();
        harness = RouterHarness.on(KAFKA.bootstrapServers())
                .provider("mock", mock.baseUrl())
                .deployment(new Deployment("mock", "mock-echo", 0, 1))
                .contentSafety(new ContentSafetySettings(null, null, null, Map.of("acme", new SafetyTenantPolicy(
                        null, null, List.of("project bluebird"), List.of())), null, null))
                .build();
        harness.startRouter();
    }

    @AfterEach
    void stopRouterAndMock() throws Exception {
        try (MockProviderServer closing = mock) {
            harness.close();
        }
    }

    private GatewayRequest asking(String text, boolean stream) {
        long now = System.currentTimeMillis();
        return new GatewayRequest("req-" + UUID.randomUUID(), "acme", "default", "acme-dev", "m",
                List.of(ChatMessage.user(text)), null, stream, harness.replies.name(), now, now + 30_000, null, null,
                null, 5, null);
    }

    private static String streamedText(List<Reply> replies) {
        return replies.stream().filter(r -> r.kind() == ReplyKind.CHUNK).map(Reply::delta)
                .collect(Collectors.joining());
    }

    @Test
    void secretsAndACardSplitAcrossTwoThreeAndFourChunksNeverReachTheReplyTopic() throws Exception {
        GatewayRequest request = asking(ANSWER, true);
        harness.send(request);

        List<Reply> replies = harness.repliesOf(request);
        String streamed = streamedText(replies);
        Reply last = harness.terminalReply(request);

        assertThat(replies.stream().filter(r -> r.kind() == ReplyKind.CHUNK).count()).isGreaterThan(1);
        assertThat(streamed).isEqualTo("Here it is: password: [redacted:secret] then aws_secret_access_key = "
                + "[redacted:secret] and card [redacted:card] done");
        assertThat(last.content()).isEqualTo(streamed);
        assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(harness.usage(request).filters()).containsExactlyInAnyOrder(
                new FilterResult(FilterResult.Stage.OUTPUT, SafetyCategory.SECRET, SafetyAction.REDACT, 2),
                new FilterResult(FilterResult.Stage.OUTPUT, SafetyCategory.CARD, SafetyAction.REDACT, 1));
    }

    @Test
    void aWholeAnswerIsRedactedBeforeTheReplyTopic() throws Exception {
        GatewayRequest request = asking(ANSWER, false);
        harness.send(request);

        Reply reply = harness.terminalReply(request);

        assertThat(reply.content()).doesNotContain(PASSWORD).doesNotContain(AWS_SECRET).doesNotContain(CARD)
                .contains("[redacted:secret]", "[redacted:card]");
    }

    @Test
    void aBlockedWordInTheAnswerEndsItWithFinishReasonContentFilter() throws Exception {
        GatewayRequest plain = asking("All about Project Bluebird, in detail", false);
        GatewayRequest streamed = asking("word ".repeat(60) + "now the project bluebird plans " + "more ".repeat(60),
                true);
        harness.send(plain);
        harness.send(streamed);

        Reply plainReply = harness.terminalReply(plain);
        List<Reply> streamedReplies = harness.repliesOf(streamed);

        assertThat(plainReply.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(plainReply.content()).isEmpty();
        assertThat(harness.terminalReply(streamed).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(streamedText(streamedReplies)).startsWith("word word").doesNotContainIgnoringCase("bluebird");
        assertThat(harness.usage(streamed).filters()).contains(new FilterResult(FilterResult.Stage.OUTPUT,
                SafetyCategory.BLOCKLIST, SafetyAction.BLOCK, 1));
    }
}
