package io.llmgateway.common.pipeline;

import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import java.time.Clock;
import java.util.Objects;

/**
 * Answers the caller of a request a stage gave up on: a 500 {@code internal_error} on the
 * caller's reply topic (the ingress writes it in the caller's API format) and a usage record
 * {@code failed} with no tokens, which releases the request's reservation in accounting. The
 * cause stays in the stage's log and the dead letter, never in the answer.
 *
 * <p>The reply is its own {@link #ATTEMPT}: a stream the stage had begun ends with this error
 * (readers treat a reply of another attempt after written chunks as a restarted stream) instead
 * of the error being taken for a repeat of the stream's first chunk. Sent after a terminal reply
 * or usage record of the same request (the handler threw after answering), it changes nothing:
 * the ingress keeps the first terminal reply and accounting counts a request id once.
 */
public final class GivenUpRequests implements GiveUp<GatewayRequest> {

    /** The attempt of a give-up reply; stages answer as attempt 0. */
    public static final int ATTEMPT = 1;
    public static final String CODE = "internal_error";

    private final TopicPublisher publisher;
    private final Topic<String, UsageRecord> usageTopic;
    private final String stage;
    private final Clock clock;

    /** @param stage names the stage in the caller's error message ("router", "cache") */
    public GivenUpRequests(TopicPublisher publisher, Topic<String, UsageRecord> usageTopic, String stage,
                           Clock clock) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.usageTopic = Objects.requireNonNull(usageTopic, "usageTopic");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void answer(InboundRecord<GatewayRequest> record, Exception cause) throws InterruptedException {
        GatewayRequest request = record.value();
        long nowMs = clock.millis();
        Reply reply = Reply.failure(request.requestId(), ATTEMPT, 0, GatewayError.of(500, "server_error", CODE,
                "The gateway's " + stage + " failed on this request (request id " + request.requestId()
                        + "); it was not completed."), nowMs);
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), null, null, Outcome.FAILED, TokenUsage.NONE, false, false, 0,
                null, 0, nowMs, nowMs, CODE).withTrail(RequestTrail.of(request));
        TopicPublisher.awaitAll(publisher.send(Topics.replies(request.replyTopic()), request.requestId(), reply),
                publisher.send(usageTopic, request.tenantId(), usage, request.traceparent()));
    }
}
