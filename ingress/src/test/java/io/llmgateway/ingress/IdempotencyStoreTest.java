package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.IdempotencyRecord;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What the store does with the records it reads (no broker: records are handed to it). */
class IdempotencyStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final GatewayConfig CONFIG = TestConfigs.config("127.0.0.1:1", "");
    private static final Topic<String, IdempotencyRecord> TOPIC = CONFIG.topics().idempotencyTopic();

    private final PendingReplies pending = new PendingReplies(Clock.fixed(NOW, ZoneOffset.UTC));
    @AutoClose
    private final IdempotencyStore store = new IdempotencyStore(CONFIG.kafka(), TOPIC, "test", Duration.ofHours(24),
            pending, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aStoredAnswerCompletesTheRetryWaitingForIt() {
        CompletableFuture<Reply> retry = pending.register("req-1", NOW.plusSeconds(30).toEpochMilli());

        store.apply(record(answered("req-1")));

        assertThat(retry).isCompletedWithValue(answer("req-1"));
        assertThat(store.get("acme/" + "a".repeat(64))).hasValueSatisfying(r -> assertThat(r.answered()).isTrue());
    }

    @Test
    void aRetryRegisteredJustAfterTheAnswerWasReadGetsItAfterThePoll() {
        store.apply(record(answered("req-1")));
        CompletableFuture<Reply> retry = pending.register("req-1", NOW.plusSeconds(30).toEpochMilli());
        assertThat(retry).isNotDone();

        store.onPoll();

        assertThat(retry).isCompletedWithValue(answer("req-1"));
    }

    @Test
    void aSentRecordNeverHidesTheAnswerOfTheSameRequestAndAKeyOlderThanTheWindowIsGone() {
        store.apply(record(answered("req-1")));
        store.apply(record(sent("req-1")));
        assertThat(store.get("acme/" + "a".repeat(64))).hasValueSatisfying(r -> assertThat(r.answered()).isTrue());

        IdempotencyRecord dayOld = new IdempotencyRecord("acme", "c".repeat(64), "req-0", "b".repeat(64),
                NOW.minus(Duration.ofHours(24)).toEpochMilli(), null);
        store.apply(record(dayOld));

        assertThat(store.get(dayOld.kafkaKey())).isEmpty();
    }

    private static IdempotencyRecord sent(String requestId) {
        return new IdempotencyRecord("acme", "a".repeat(64), requestId, "b".repeat(64), NOW.toEpochMilli(), null);
    }

    private static IdempotencyRecord answered(String requestId) {
        return sent(requestId).answered(answer(requestId));
    }

    private static Reply answer(String requestId) {
        return Reply.complete(requestId, 0, 0, "gpt-4o-mini", "mock", "hi", FinishReason.STOP,
                new TokenUsage(1, 1, 0), CacheStatus.MISS, NOW.toEpochMilli());
    }

    private static ConsumerRecord<String, byte[]> record(IdempotencyRecord record) {
        return new ConsumerRecord<>(TOPIC.name(), 0, 0, record.kafkaKey(),
                TOPIC.valueSerde().serializer().serialize(TOPIC.name(), record));
    }
}
