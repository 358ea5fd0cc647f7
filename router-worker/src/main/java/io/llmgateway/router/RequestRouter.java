package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.pipeline.InboundRecord;
import io.llmgateway.common.pipeline.RecordHandler;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.router.provider.ChatResult;
import io.llmgateway.router.resilience.CallContext;
import io.llmgateway.safety.ContentFilters;
import io.llmgateway.safety.FilterChain;
import io.llmgateway.safety.SafetyMeters;
import io.llmgateway.safety.StreamGuard;
import io.llmgateway.safety.Verdict;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import io.llmgateway.common.metrics.RequestMeters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one routable request: drops it with a 504 when its deadline has passed, else routes it
 * through its model's deployments ({@link DeploymentPicker} plans the order, {@link FallbackChain}
 * tries them under their resilience decorators); a streaming caller gets the answer's pieces as
 * chunks while they come. Then it publishes exactly one terminal {@link Reply} and exactly one
 * {@link UsageRecord}, and waits for every acknowledgement, so that the pipeline commits past the
 * request only once its output is durable. The answer passes the tenant's and model's content
 * filters first (streamed pieces through a {@link StreamGuard}): redacted, or cut with finish reason
 * {@code content_filter} when a category blocks; the usage record carries what the filters found
 * in the prompt (at the ingress) and in the answer, counts only.
 */
final class RequestRouter implements RecordHandler<GatewayRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    /**
     * The reply's delivery attempt. A worker cannot tell a re-delivery from a first delivery yet,
     * so every reply says 0; readers keep the first terminal reply of a request.
     */
    static final int ATTEMPT = 0;

    private final DeploymentPicker picker;
    private final FallbackChain chain;
    private final CancelRegistry cancels;
    private final TopicPublisher publisher;
    private final Topic<String, UsageRecord> usageTopic;
    private final CacheFiller cacheFiller;
    private final Clock clock;
    private final ContentFilters filters;
    private final SafetyMeters meters;
    private final Tracing tracing;
    private final RequestMeters requestMeters;

    /** @param tracing makes the router's span of each request, a child of the cache lookup's */
    RequestRouter(DeploymentPicker picker, FallbackChain chain, CancelRegistry cancels, TopicPublisher publisher,
                  Topic<String, UsageRecord> usageTopic, Clock clock,
                  CacheFiller cacheFiller, ContentFilters filters, SafetyMeters meters, Tracing tracing,
                  RequestMeters requestMeters) {
        this.tracing = tracing;
        this.requestMeters = requestMeters;
        this.filters = filters;
        this.meters = meters;
        this.picker = picker;
        this.chain = chain;
        this.cancels = cancels;
        this.publisher = publisher;
        this.usageTopic = usageTopic;
        this.cacheFiller = cacheFiller;
        this.clock = clock;
    }

    /** What a request came to: its terminal reply, its usage record, and a few words for the log. */
    private record Routed(Reply reply, UsageRecord usage, String detail) {}

    /**
     * The router stage of the request's trace: provider calls are its children, and the reply,
     * its chunks and the usage record carry its {@code traceparent}.
     */
    @Override
    public void handle(InboundRecord<GatewayRequest> record) throws InterruptedException {
        GatewayRequest request = record.value();
        try (Stage stage = tracing.recordStage("route", record.headers(), request.traceparent())) {
            stage.set(GenAiAttributes.STAGE, "router").request(request);
            UsageRecord done = serve(record);
            stage.set(GenAiAttributes.PROVIDER, done.provider())
                    .set(GenAiAttributes.RESPONSE_MODEL, done.modelServed())
                    .set(GenAiAttributes.USAGE_INPUT_TOKENS, (long) done.usage().inputTokens())
                    .set(GenAiAttributes.USAGE_OUTPUT_TOKENS, (long) done.usage().outputTokens());
            if (done.errorCode() != null) {
                stage.failed(done.errorCode());
            }
        }
    }

    private UsageRecord serve(InboundRecord<GatewayRequest> record) throws InterruptedException {
        GatewayRequest request = record.value();
        Topic<String, Reply> replies = Topics.replies(request.replyTopic());
        long startedMs = clock.millis();
        requestMeters.queued("router", request, startedMs);
        FilterChain output = filters.outputChainFor(request.tenantId(), request.model());
        ReplyChunks chunks = new ReplyChunks(publisher, request, clock, startedMs,
                new StreamGuard(output, filters.holdBackChars()));
        Routed routed = route(request, startedMs, chunks, output);
        chunks.awaitSent();
        Reply finalReply = cacheFiller.withDecision(request, routed.reply());
        Future<?> reply = publisher.send(replies, request.requestId(), finalReply);
        UsageRecord done = cacheFiller.withDecision(request, routed.usage());
        Future<?> usage = publisher.send(usageTopic, request.tenantId(), done, request.traceparent());
        var fill = cacheFiller.fill(request, finalReply);
        TopicPublisher.awaitAll(reply, usage);
        cacheFiller.await(fill, request);
        requestMeters.finished(done);
        log.debug("request {} at {}: {} via {} in {} ms, {} provider call(s){}{}", request.requestId(),
                record.position(), done.outcome(), done.provider() == null ? "no provider" : done.provider(),
                done.latencyMs(), done.attempts(), done.fallbackUsed() ? ", fallback" : "", routed.detail());
        return done;
    }

    private Routed route(GatewayRequest request, long startedMs, ReplyChunks chunks, FilterChain output)
            throws InterruptedException {
        if (request.isExpired(startedMs)) {
            return failed(request, startedMs, null, 0, 0, TokenUsage.NONE, new ProviderErrors.Failure(
                    GatewayError.of(504, "timeout", "deadline_exceeded",
                            "the request's deadline passed before a provider was called"), Outcome.TIMEOUT),
                    "deadline passed " + (startedMs - request.deadlineMs()) + " ms ago", List.of());
        }
        Optional<String> refusal = picker.refusal(request.tenantId(), request.model());
        if (refusal.isPresent()) {
            // Admission lets no such request through; this holds for any record that reaches the
            // routable topic another way.
            return failed(request, startedMs, null, 0, 0, TokenUsage.NONE, new ProviderErrors.Failure(
                    GatewayError.of(404, "invalid_request_error", "model_not_found", refusal.get()), Outcome.FAILED),
                    refusal.get(), List.of());
        }
        Optional<List<Deployment>> plan = picker.plan(request.model(), request.estimatedInputTokens());
        if (plan.isEmpty()) {
            return failed(request, startedMs, null, 0, 0, TokenUsage.NONE, new ProviderErrors.Failure(
                    GatewayError.of(404, "invalid_request_error", "model_not_found",
                            "the model '" + request.model() + "' does not exist"), Outcome.FAILED), "unknown model",
                    List.of());
        }
        CallContext context = new CallContext(Instant.ofEpochMilli(request.deadlineMs()), clock,
                request.stream() ? chunks : null, cancels.register(request.requestId()));
        FallbackChain.Result result;
        try {
            result = chain.route(request, plan.get(), context);
        } finally {
            cancels.finished(request.requestId());
        }
        chunks.flush();
        return switch (result) {
            case FallbackChain.Result.Served served -> succeeded(request, startedMs, served, context, chunks, output);
            case FallbackChain.Result.Failed failed -> failed(request, startedMs,
                    failed.deployment() == null ? null : failed.deployment().provider(), context.providerCalls(),
                    chunks.nextSequence(), partialUsage(request, chunks), failed.failure(), attemptsDetail(context),
                    context.calls());
        };
    }

    private Routed succeeded(GatewayRequest request, long startedMs, FallbackChain.Result.Served served,
                             CallContext context, ReplyChunks chunks, FilterChain output) {
        long finishedMs = clock.millis();
        Deployment deployment = served.deployment();
        ChatResult result = served.answer().result();
        String model = result.modelServed() != null ? result.modelServed() : deployment.model();
        Verdict verdict = output.inspect(result.content());
        StreamGuard guard = chunks.guard();
        boolean blocked = verdict.blocked() || guard.blocked();
        List<FilterResult> found = chunks.nextSequence() > 0 || guard.blocked() ? guard.results()
                : verdict.results(FilterResult.Stage.OUTPUT);
        meters.record(found);
        if (blocked) {
            meters.blocked(FilterResult.Stage.OUTPUT, guard.blocked() ? guard.blockedBy() : verdict.blockedBy());
        }
        Reply reply = Reply.complete(request.requestId(), ATTEMPT, chunks.nextSequence(), model,
                deployment.provider(), blocked ? "" : verdict.text(), blocked ? List.of() : result.toolCalls(),
                blocked ? FinishReason.CONTENT_FILTER : result.finishReason(), result.usage(), CacheStatus.MISS,
                finishedMs);
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), model, deployment.provider(), Outcome.SUCCESS, result.usage(),
                false, served.fallbackUsed(), context.providerCalls(), served.answer().firstTokenMs(),
                Math.max(0, finishedMs - startedMs), startedMs, finishedMs, null)
                .withFilters(concat(request.inputFilters(), found))
                .withTrail(RequestTrail.of(request).withAttempts(context.calls()));
        return new Routed(reply, usage, ", " + result.usage().totalTokens() + " tokens, first token after "
                + served.answer().firstTokenMs() + " ms" + attemptsDetail(context) + filtersDetail(usage, blocked));
    }

    private static List<FilterResult> concat(List<FilterResult> input, List<FilterResult> output) {
        List<FilterResult> all = new ArrayList<>(input);
        all.addAll(output);
        return all;
    }

    /** The content filters' counts for the request log: categories, actions and counts, never text. */
    private static String filtersDetail(UsageRecord usage, boolean blocked) {
        if (usage.filters().isEmpty()) {
            return "";
        }
        return "; content filter " + usage.filters().stream()
                .map(r -> r.stage().name().toLowerCase(Locale.ROOT) + " " + r.category().wireName() + "="
                        + r.count() + " " + r.action().wireName())
                .toList() + (blocked ? ", answer blocked" : "");
    }

    /** What a stream cut short used: the input as estimated at the edge, the output as streamed. */
    private static TokenUsage partialUsage(GatewayRequest request, ReplyChunks chunks) {
        int output = chunks.estimatedOutputTokens();
        return output == 0 ? TokenUsage.NONE : new TokenUsage(request.estimatedInputTokens(), output, 0);
    }

    private Routed failed(GatewayRequest request, long startedMs, String provider, int providerCalls, int sequence,
                          TokenUsage usedTokens, ProviderErrors.Failure failure, String detail,
                          List<RequestTrail.AttemptRecord> calls) {
        long finishedMs = clock.millis();
        Reply reply = Reply.failure(request.requestId(), ATTEMPT, sequence, failure.error(), finishedMs);
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), null, provider, failure.outcome(), usedTokens, false, false,
                providerCalls, null, Math.max(0, finishedMs - startedMs), startedMs, finishedMs,
                failure.error().code()).withFilters(request.inputFilters())
                .withTrail(RequestTrail.of(request).withAttempts(calls));
        return new Routed(reply, usage, ", " + failure.error().status() + " " + failure.error().code() + ": " + detail);
    }

    private static String attemptsDetail(CallContext context) {
        return context.failedAttempts().isEmpty() ? "" : "; failed attempts: " + context.failedAttempts().stream()
                .map(a -> a.describe()).toList();
    }
}
