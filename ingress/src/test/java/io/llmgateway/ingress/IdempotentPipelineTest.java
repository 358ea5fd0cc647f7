package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.IdempotencyRecord;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules of one request with an Idempotency-Key, with the records kept in a map. */
class IdempotentPipelineTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final IdempotencyKey KEY = IdempotencyKey.of("k-1", "acme",
            "body".getBytes(StandardCharsets.UTF_8)).orElseThrow();

    private final Map<String, IdempotencyRecord> kept = new HashMap<>();
    private final IdempotencyRecords records = new IdempotencyRecords() {
        @Override
        public Optional<IdempotencyRecord> get(String kafkaKey) {
            return Optional.ofNullable(kept.get(kafkaKey));
        }

        @Override
        public Future<?> put(IdempotencyRecord record) {
            kept.put(record.kafkaKey(), record);
            return CompletableFuture.completedFuture(null);
        }
    };
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();

    private IdempotentPipeline pipeline(IdempotencyKey key, Pipeline inner) {
        return new IdempotentPipeline(inner, records, key, CLOCK, replays::incrementAndGet);
    }

    private Pipeline answering(Reply reply) {
        return request -> {
            sent.incrementAndGet();
            return reply;
        };
    }

    @Test
    void theFirstAnswerIsKeptAndGivenAgainWithoutSendingTheRetry() {
        Reply answer = answer();
        assertThat(pipeline(KEY, answering(answer)).send(request())).isEqualTo(answer);

        assertThat(pipeline(KEY, answering(null)).send(request())).isEqualTo(answer);
        assertThat(sent).hasValue(1);
        assertThat(replays).hasValue(1);
    }

    @Test
    void aRefusalAtAdmissionIsNotTheKeysAnswerSoTheRetryRuns() {
        Reply refused = Reply.failure(KEY.requestId(), 0, 0, new GatewayError(429, "requests", "rate_limit_exceeded",
                "Rate limit reached", 1_000L), NOW.toEpochMilli());
        pipeline(KEY, answering(refused)).send(request());

        assertThat(pipeline(KEY, answering(answer())).send(request())).isEqualTo(answer());
        assertThat(sent).hasValue(2);
        assertThat(replays).hasValue(0);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        pipeline(KEY, answering(answer())).send(request());
        IdempotencyKey otherBody = IdempotencyKey.of("k-1", "acme", "other".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();

        assertThatThrownBy(() -> pipeline(otherBody, answering(answer())).send(request()))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("idempotency_key_reused");
                });
        assertThat(sent).hasValue(1);
    }

    @Test
    void aRetryOnTheInstanceWhereTheFirstStillWaitsIs409WithARetryTime() {
        Pipeline waiting = request -> {
            throw new PendingReplies.AlreadyWaiting(request.requestId());
        };

        assertThatThrownBy(() -> pipeline(KEY, waiting).send(request()))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("idempotency_key_in_use");
                    assertThat(e.retryAfterMs()).isEqualTo(1_000L);
                });
    }

    private static GatewayRequest request() {
        return new GatewayRequest(KEY.requestId(), "acme", "default", "key-1", "gpt-4o-mini",
                List.of(ChatMessage.user("hi")), null, false, "llm.replies.i-1", NOW.toEpochMilli(),
                NOW.toEpochMilli() + 30_000, Priority.INTERACTIVE, CachePolicy.DEFAULT, null, 1, null);
    }

    private static Reply answer() {
        return Reply.complete(KEY.requestId(), 0, 0, "gpt-4o-mini", "mock", "hello", FinishReason.STOP,
                new TokenUsage(1, 1, 0), CacheStatus.MISS, NOW.toEpochMilli());
    }
}
