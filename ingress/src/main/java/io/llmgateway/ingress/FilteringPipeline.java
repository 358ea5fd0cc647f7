package io.llmgateway.ingress;

import io.llmgateway.safety.PromptFilter;
import io.llmgateway.safety.SafetyMeters;
import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input side of content safety, in front of the pipeline: every request's prompt is filtered
 * before anything is written to Kafka, so a redacted prompt is all that any topic, the cache and
 * the provider see. A blocked request is answered 400 {@code content_filter} (in the caller's API
 * shape, like every ingress error) and never published. What the filter found goes in the request
 * log, the meters and the request itself ({@code input_filters}, which the router copies into the
 * usage record): categories, actions and counts, never the text.
 */
final class FilteringPipeline implements Pipeline {

    private static final Logger log = LoggerFactory.getLogger(FilteringPipeline.class);

    private final Pipeline next;
    private final PromptFilter filter;
    private final SafetyMeters meters;

    FilteringPipeline(Pipeline next, PromptFilter filter, SafetyMeters meters) {
        this.next = next;
        this.filter = filter;
        this.meters = meters;
    }

    @Override
    public Reply send(GatewayRequest request) {
        return next.send(filtered(request));
    }

    @Override
    public ReplyStream stream(GatewayRequest request) {
        return next.stream(filtered(request));
    }

    @Override
    public void done(GatewayRequest request) {
        next.done(request);
    }

    @Override
    public void cancel(GatewayRequest request, String reason) {
        next.cancel(request, reason);
    }

    @Override
    public void refused(GatewayRequest request, ApiError error) {
        next.refused(request, error);
    }

    private GatewayRequest filtered(GatewayRequest request) {
        PromptFilter.Outcome outcome = filter.filter(request);
        meters.record(outcome.results());
        if (!outcome.results().isEmpty()) {
            log.debug("content filter on {} tenant={} model={}: {}{}", request.requestId(), request.tenantId(),
                    request.model(), describe(outcome), outcome.blocked() ? " -> blocked" : "");
        }
        if (outcome.blocked()) {
            meters.blocked(FilterResult.Stage.INPUT, outcome.blockedBy());
            ApiError error = ApiError.contentFilter(outcome.blockedBy().wireName());
            // Counts only: the blocked prompt itself goes nowhere.
            next.refused(request.withFilteredMessages(request.messages(), outcome.results()), error);
            throw error;
        }
        return outcome.request();
    }

    private static String describe(PromptFilter.Outcome outcome) {
        StringBuilder out = new StringBuilder();
        for (FilterResult result : outcome.results()) {
            out.append(out.isEmpty() ? "" : ", ").append(result.category().wireName()).append('=')
                    .append(result.count()).append(' ').append(result.action().wireName());
        }
        return out.toString();
    }
}
