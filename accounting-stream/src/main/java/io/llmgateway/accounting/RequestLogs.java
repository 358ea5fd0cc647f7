package io.llmgateway.accounting;

import io.llmgateway.common.config.TopicNames;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.RequestLogRecord;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.UsageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a request's log record from what accounting holds when it charges the request: the
 * usage record (with the trail the last stage wrote), the cost record just priced, and the trace
 * id of the usage record's {@code traceparent} header.
 */
final class RequestLogs {

    private final TopicNames topics;

    RequestLogs(TopicNames topics) {
        this.topics = topics;
    }

    RequestLogRecord of(UsageRecord usage, CostRecord cost, String traceId) {
        RequestTrail trail = usage.trail();
        List<RequestTrail.AttemptRecord> attempts = trail == null ? List.of() : trail.attempts();
        return new RequestLogRecord(traceId, usage.requestId(), usage.tenantId(), cost.projectId(),
                usage.modelRequested(), usage.modelServed(), usage.provider(), trail == null ? null : trail.api(),
                trail != null && trail.stream(), trail == null ? null : trail.priority(),
                trail == null ? null : batchJob(usage.tenantId(), trail.replyTopic()), usage.outcome(),
                usage.errorCode(), cost.inputTokens(), cost.cachedInputTokens(), cost.outputTokens(), cost.costUsd(),
                cost.priceList(), latency(usage), usage.ttftMs(), usage.cacheHit(), usage.cacheStatus(),
                reasonCategory(usage.cacheReason()), usage.fallbackUsed(), attempts, queueTimes(usage),
                usage.filters(), trail == null ? usage.startedAtMs() : trail.createdAtMs(), usage.finishedAtMs());
    }

    /** From the request's creation at the edge when the trail says when that was; else the last stage's own time. */
    private static long latency(UsageRecord usage) {
        return usage.trail() == null ? usage.latencyMs()
                : Math.max(0, usage.finishedAtMs() - usage.trail().createdAtMs());
    }

    /**
     * Time spent before each stage, where the trail tells: from the edge to admission, from
     * admission to the stage that ended the request (the cache on a hit, else the router, through
     * the cache's queue), and in provider calls.
     */
    private static Map<String, Long> queueTimes(UsageRecord usage) {
        Map<String, Long> times = new LinkedHashMap<>();
        RequestTrail trail = usage.trail();
        if (trail == null) {
            return times;
        }
        if (trail.admittedAtMs() != null) {
            long admitted = trail.admittedAtMs();
            times.put("admission", Math.max(0, admitted - trail.createdAtMs()));
            times.put(usage.cacheHit() ? "to_cache" : "to_router", Math.max(0, usage.startedAtMs() - admitted));
        }
        if (!trail.attempts().isEmpty()) {
            times.put("provider", trail.attempts().stream().mapToLong(RequestTrail.AttemptRecord::durationMs).sum());
        }
        return times;
    }

    /** The job named by a batch reply topic ({@code llm.replies.batch.<tenant>.<job>}); null for anything else. */
    private String batchJob(String tenantId, String replyTopic) {
        String prefix = topics.batchReplyPrefix(tenantId);
        return replyTopic != null && replyTopic.startsWith(prefix) && replyTopic.length() > prefix.length()
                ? replyTopic.substring(prefix.length()) : null;
    }

    /** The cache's reasons are {@code category: feature}: the category alone is what the log keeps. */
    static String reasonCategory(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).strip();
    }
}
