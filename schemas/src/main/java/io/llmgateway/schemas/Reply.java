package io.llmgateway.schemas;

/**
 * One message on a caller's reply topic.
 *
 * <p>A request may be attempted more than once (a worker crash re-delivers it); {@code attempt}
 * and {@code sequence} let the reader drop what it already has and detect a restarted stream.
 *
 * @param delta the new text of a {@link ReplyKind#CHUNK}
 * @param content the whole answer of a {@link ReplyKind#FINAL}
 * @param usage tokens, on a final reply
 * @param error the failure, on an {@link ReplyKind#ERROR}
 * @param cacheReason why the cache did what {@code cache} says ({@code x-gateway-cache-reason})
 * @param cacheSimilarity cosine similarity of a semantic hit ({@code x-gateway-cache-similarity})
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
        Double cacheSimilarity) {

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
                status, error, createdAtMs, reason, similarity);
    }

    public static Reply chunk(String requestId, int attempt, int sequence, String model, String provider,
                              String delta, long nowMs) {
        return new Reply(requestId, ReplyKind.CHUNK, attempt, sequence, model, provider, delta, null, null, null,
                null, null, nowMs);
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
