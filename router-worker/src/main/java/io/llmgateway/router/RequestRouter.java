package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.pipeline.InboundRecord;
import io.llmgateway.common.pipeline.RecordHandler;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.router.provider.ChatCall;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.provider.ProviderClients;
import io.llmgateway.router.provider.ProviderException;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one routable request: drops it with a 504 when its deadline has passed, else calls the
 * provider of its model's deployment; then publishes exactly one terminal {@link Reply} to the
 * caller's reply topic and exactly one {@link UsageRecord}, and waits for both acknowledgements
 * so that the pipeline commits past the request only once they are durable.
 */
final class RequestRouter implements RecordHandler<GatewayRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    /**
     * The reply's delivery attempt. A worker cannot tell a re-delivery from a first delivery yet,
     * so every reply says 0; non-streamed replies are terminal, and readers keep the first.
     */
    static final int ATTEMPT = 0;

    private final DeploymentPicker picker;
    private final ProviderClients providers;
    private final TopicPublisher publisher;
    private final Topic<String, UsageRecord> usageTopic;
    private final CacheFiller cacheFiller;
    private final Clock clock;

    RequestRouter(DeploymentPicker picker, ProviderClients providers, TopicPublisher publisher,
                  Topic<String, UsageRecord> usageTopic, Clock clock,
                  CacheFiller cacheFiller) {
        this.picker = picker;
        this.providers = providers;
        this.publisher = publisher;
        this.usageTopic = usageTopic;
        this.cacheFiller = cacheFiller;
        this.clock = clock;
    }

    /** What a request came to: its reply, its usage record, and a few words for the log. */
    private record Routed(Reply reply, UsageRecord usage, String detail) {}

    @Override
    public void handle(InboundRecord<GatewayRequest> record) throws InterruptedException {
        GatewayRequest request = record.value();
        Routed routed = route(request, clock.millis());
        Reply finalReply = cacheFiller.withDecision(request, routed.reply());
        Future<?> reply = publisher.send(Topics.replies(request.replyTopic()), request.requestId(), finalReply);
        Future<?> usage = publisher.send(usageTopic, request.tenantId(), cacheFiller.withDecision(request,
                routed.usage()));
        var fill = cacheFiller.fill(request, finalReply);
        TopicPublisher.awaitAll(reply, usage);
        cacheFiller.await(fill, request);
        UsageRecord done = routed.usage();
        log.info("request {} at {}: {} via {} in {} ms{}", request.requestId(), record.position(), done.outcome(),
                done.provider() == null ? "no provider" : done.provider(), done.latencyMs(), routed.detail());
    }

    private Routed route(GatewayRequest request, long startedMs) throws InterruptedException {
        if (request.isExpired(startedMs)) {
            return failed(request, startedMs, null, 0, new ProviderErrors.Failure(GatewayError.of(504, "timeout",
                    "deadline_exceeded", "the request's deadline passed before a provider was called"),
                    Outcome.TIMEOUT), "deadline passed " + (startedMs - request.deadlineMs()) + " ms ago");
        }
        Optional<Deployment> picked = picker.pick(request.model());
        if (picked.isEmpty()) {
            return failed(request, startedMs, null, 0, new ProviderErrors.Failure(GatewayError.of(404,
                    "invalid_request_error", "model_not_found", "the model '" + request.model() + "' does not exist"),
                    Outcome.FAILED), "unknown model");
        }
        Deployment deployment = picked.get();
        ChatCall call = new ChatCall(deployment.model(), request.messages(), request.params(),
                Instant.ofEpochMilli(request.deadlineMs()));
        try {
            ChatResult result = providers.get(deployment.provider()).complete(call);
            return succeeded(request, startedMs, deployment, result);
        } catch (ProviderException e) {
            return failed(request, startedMs, deployment.provider(), 1, ProviderErrors.map(e), e.getMessage());
        }
    }

    private Routed succeeded(GatewayRequest request, long startedMs, Deployment deployment, ChatResult result) {
        long finishedMs = clock.millis();
        String served = result.modelServed() != null ? result.modelServed() : deployment.model();
        Reply reply = Reply.complete(request.requestId(), ATTEMPT, 0, served, deployment.provider(), result.content(),
                result.finishReason(), result.usage(), CacheStatus.MISS, finishedMs);
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), served, deployment.provider(), Outcome.SUCCESS, result.usage(),
                false, false, 1, null, Math.max(0, finishedMs - startedMs), startedMs, finishedMs, null);
        return new Routed(reply, usage, ", " + result.usage().totalTokens() + " tokens");
    }

    private Routed failed(GatewayRequest request, long startedMs, String provider, int attempts,
                          ProviderErrors.Failure failure, String detail) {
        long finishedMs = clock.millis();
        Reply reply = Reply.failure(request.requestId(), ATTEMPT, 0, failure.error(), finishedMs);
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), null, provider, failure.outcome(), TokenUsage.NONE, false, false,
                attempts, null, Math.max(0, finishedMs - startedMs), startedMs, finishedMs, failure.error().code());
        return new Routed(reply, usage, ", " + failure.error().status() + " " + failure.error().code() + ": " + detail);
    }
}
