package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One message on a caller's reply topic.
 *
 * <p>A request may be attempted more than once (a worker crash re-delivers it); {@code attempt}
 * and {@code sequence} let the reader drop what it already has and detect a restarted stream.
 *
 * <p>A streamed answer is CHUNKs with {@code sequence} 0, 1, 2, ... then the FINAL with the next
 * sequence number; a reader writes chunks in sequence order and drops one it already wrote.
 *
 * @param attempt one try at producing the answer; readers compare it for equality only: a
 *     chunk of another attempt than the one a reader is writing means the stream restarted
 * @param delta the new text of a {@link ReplyKind#CHUNK} (may be empty when it carries tool-call pieces)
 * @param content the whole answer's text of a {@link ReplyKind#FINAL} (also after a stream)
 * @param usage tokens, on a final reply
 * @param error the failure, on an {@link ReplyKind#ERROR}
 * @param cacheReason why the cache did what {@code cache} says ({@code x-gateway-cache-reason})
 * @param cacheSimilarity cosine similarity of a semantic hit ({@code x-gateway-cache-similarity})
 * @param toolCalls the tool calls of a {@link ReplyKind#FINAL} answer (also after a stream)
 * @param toolCallDeltas the pieces of tool calls a {@link ReplyKind#CHUNK} carries
 */
public record Reply(
        String requestId,
        ReplyKind kind,
        int attempt,
        int sequence,
        String model,
        String provider,
        String delta,
        String content,
        FinishReason finishReason,
        TokenUsage usage,
        CacheStatus cache,
        GatewayError error,
        long createdAtMs,
        String cacheReason,
        Double cacheSimilarity,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallDelta> toolCallDeltas) {

    public Reply {
        Require.nonBlank(requestId, "request_id");
        Require.nonNull(kind, "kind");
        Require.nonNegative(attempt, "attempt");
        Require.nonNegative(sequence, "sequence");
        switch (kind) {
            case CHUNK -> Require.nonNull(delta, "delta");
            case FINAL -> {
                Require.nonNull(content, "content");
                Require.nonNull(finishReason, "finish_reason");
                Require.nonNull(usage, "usage");
            }
            case ERROR -> Require.nonNull(error, "error");
        }
        toolCalls = Require.copyOrEmpty(toolCalls);
        toolCallDeltas = Require.copyOrEmpty(toolCallDeltas);
    }

    /** A reply without tool calls. */
    public Reply(String requestId, ReplyKind kind, int attempt, int sequence, String model, String provider,
                 String delta, String content, FinishReason finishReason, TokenUsage usage, CacheStatus cache,
                 GatewayError error, long createdAtMs, String cacheReason, Double cacheSimilarity) {
        this(requestId, kind, attempt, sequence, model, provider, delta, content, finishReason, usage, cache, error,
                createdAtMs, cacheReason, cacheSimilarity, null, null);
    }

    /** A reply that says nothing about the cache beyond its status. */
    public Reply(String requestId, ReplyKind kind, int attempt, int sequence, String model, String provider,
                 String delta, String content, FinishReason finishReason, TokenUsage usage, CacheStatus cache,
                 GatewayError error, long createdAtMs) {
        this(requestId, kind, attempt, sequence, model, provider, delta, content, finishReason, usage, cache, error,
                createdAtMs, null, null);
    }

    /** The same reply with what the cache did and why. */
    public Reply withCache(CacheStatus status, String reason, Double similarity) {
        return new Reply(requestId, kind, attempt, sequence, model, provider, delta, content, finishReason, usage,
                status, error, createdAtMs, reason, similarity, toolCalls, toolCallDeltas);
    }

    public static Reply chunk(String requestId, int attempt, int sequence, String model, String provider,
                              String delta, long nowMs) {
        return new Reply(requestId, ReplyKind.CHUNK, attempt, sequence, model, provider, delta, null, null, null,
                null, null, nowMs);
    }

    /** A piece of a streamed answer: new text and/or pieces of tool calls. */
    public static Reply chunk(String requestId, int attempt, int sequence, String model, String provider,
                              String delta, List<ToolCallDelta> toolCallDeltas, long nowMs) {
        return new Reply(requestId, ReplyKind.CHUNK, attempt, sequence, model, provider, delta, null, null, null,
                null, null, nowMs, null, null, null, toolCallDeltas);
    }

    /** The complete answer with the tool calls it asks for. */
    public static Reply complete(String requestId, int attempt, int sequence, String model, String provider,
                                 String content, List<ToolCall> toolCalls, FinishReason finishReason,
                                 TokenUsage usage, CacheStatus cache, long nowMs) {
        return new Reply(requestId, ReplyKind.FINAL, attempt, sequence, model, provider, null, content,
                finishReason, usage, cache, null, nowMs, null, null, toolCalls, null);
    }

    public static Reply complete(String requestId, int attempt, int sequence, String model, String provider,
                                 String content, FinishReason finishReason, TokenUsage usage, CacheStatus cache,
                                 long nowMs) {
        return new Reply(requestId, ReplyKind.FINAL, attempt, sequence, model, provider, null, content,
                finishReason, usage, cache, null, nowMs);
    }

    public static Reply failure(String requestId, int attempt, int sequence, GatewayError error, long nowMs) {
        return new Reply(requestId, ReplyKind.ERROR, attempt, sequence, null, null, null, null, null, null, null,
                error, nowMs);
    }
}
