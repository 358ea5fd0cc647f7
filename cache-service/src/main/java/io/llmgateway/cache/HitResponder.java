package io.llmgateway.cache;

import io.llmgateway.cache.index.CachedAnswer;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import io.llmgateway.schemas.UsageRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Answers a hit straight to the caller's reply topic, in chunks then a final reply when the
 * request asked to stream, and writes its one usage record: a cache hit with zero provider
 * tokens. Waits for every acknowledgement before returning (the pipeline commits after).
 */
public final class HitResponder {

    /** A cached answer is replayed in pieces of about this many characters when streamed. */
    static final int CHUNK_CHARS = 64;

    /** Not a provider: what replies and usage records name as the source of a hit. */
    static final String PROVIDER = "cache";

    private final TopicPublisher publisher;
    private final Topic<String, UsageRecord> usageTopic;
    private final Clock clock;

    public HitResponder(TopicPublisher publisher, Topic<String, UsageRecord> usageTopic, Clock clock) {
        this.publisher = publisher;
        this.usageTopic = usageTopic;
        this.clock = clock;
    }

    /** Sends the cached answer and the hit's usage record; returns the usage record once both are acknowledged. */
    public UsageRecord answer(GatewayRequest request, Lookup.Hit hit, long startedMs) throws InterruptedException {
        CachedAnswer answer = hit.answer();
        Topic<String, Reply> replies = Topics.replies(request.replyTopic());
        Double similarity = hit.status() == io.llmgateway.schemas.CacheStatus.SEMANTIC_HIT
                ? Math.round(answer.similarity() * 1000) / 1000.0 : null;
        String model = answer.modelServed() != null ? answer.modelServed() : request.model();
        long now = clock.millis();
        List<Future<?>> sends = new ArrayList<>();
        int sequence = 0;
        if (request.stream()) {
            for (String piece : pieces(answer.content())) {
                sends.add(publisher.send(replies, request.requestId(),
                        Reply.chunk(request.requestId(), 0, sequence++, model, PROVIDER, piece, now)));
            }
        }
        Reply last = Reply.complete(request.requestId(), 0, sequence, model, PROVIDER, answer.content(),
                FinishReason.STOP, TokenUsage.NONE, hit.status(), now).withCache(hit.status(), hit.reason(), similarity);
        sends.add(publisher.send(replies, request.requestId(), last));
        long finished = clock.millis();
        UsageRecord usage = new UsageRecord(request.requestId(), request.tenantId(), request.projectId(),
                request.apiKeyId(), request.model(), model, PROVIDER, Outcome.SUCCESS, TokenUsage.NONE, true, false, 0,
                request.stream() ? Math.max(0, finished - startedMs) : null, Math.max(0, finished - startedMs),
                startedMs, finished, null).withCacheDecision(hit.status(), hit.reason())
                .withTrail(RequestTrail.of(request));
        sends.add(publisher.send(usageTopic, request.tenantId(), usage, request.traceparent()));
        TopicPublisher.awaitAll(sends.toArray(Future<?>[]::new));
        return usage;
    }

    /** The answer cut at whitespace into pieces of about {@link #CHUNK_CHARS}; never an empty piece. */
    static List<String> pieces(String content) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int end = Math.min(content.length(), start + CHUNK_CHARS);
            if (end < content.length()) {
                int space = content.lastIndexOf(' ', end);
                if (space > start) {
                    end = space + 1;
                }
            }
            pieces.add(content.substring(start, end));
            start = end;
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }
}
