package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final PendingReplies pending = new PendingReplies(clock);

    private static Reply complete(String id, String content) {
        return Reply.complete(id, 0, 1, "m", "p", content, FinishReason.STOP, new TokenUsage(1, 1, 0),
                CacheStatus.MISS, NOW.toEpochMilli());
    }

    @Test
    void aFinalReplyCompletesItsRequest() throws Exception {
        CompletableFuture<Reply> future = pending.register("r1", NOW.toEpochMilli() + 1000);

        assertThat(pending.complete(complete("r1", "hello"))).isTrue();
        assertThat(future.get().content()).isEqualTo("hello");
        assertThat(pending.size()).isZero();
    }

    @Test
    void anErrorReplyAlsoCompletesIt() throws Exception {
        CompletableFuture<Reply> future = pending.register("r1", NOW.toEpochMilli() + 1000);

        pending.complete(Reply.failure("r1", 0, 0, GatewayError.of(429, "rate_limit_error", "rpm", "slow down"),
                NOW.toEpochMilli()));
        assertThat(future.get().error().status()).isEqualTo(429);
    }

    @Test
    void chunksDoNotCompleteARequest() {
        CompletableFuture<Reply> future = pending.register("r1", NOW.toEpochMilli() + 1000);

        assertThat(pending.complete(Reply.chunk("r1", 0, 0, "m", "p", "he", NOW.toEpochMilli()))).isFalse();
        assertThat(future).isNotDone();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void aSecondTerminalReplyForTheSameIdIsDropped() throws Exception {
        CompletableFuture<Reply> future = pending.register("r1", NOW.toEpochMilli() + 1000);

        assertThat(pending.complete(complete("r1", "first"))).isTrue();
        assertThat(pending.complete(complete("r1", "second"))).isFalse();
        assertThat(future.get().content()).isEqualTo("first");
    }

    @Test
    void aReplyNobodyWaitsForIsDropped() {
        assertThat(pending.complete(complete("unknown", "x"))).isFalse();
    }

    @Test
    void expiredEntriesAreRemovedAndFailWithATimeout() {
        CompletableFuture<Reply> soon = pending.register("soon", NOW.toEpochMilli() + 100);
        CompletableFuture<Reply> later = pending.register("later", NOW.toEpochMilli() + 10_000);

        assertThat(pending.expire()).isZero();
        clock.now = NOW.plusMillis(101);

        assertThat(pending.expire()).isEqualTo(1);
        assertThat(pending.size()).isEqualTo(1);
        assertThatThrownBy(soon::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(later).isNotDone();
    }

    @Test
    void forgetRemovesTheEntry() {
        pending.register("r1", NOW.toEpochMilli() + 1000);
        pending.forget("r1");

        assertThat(pending.size()).isZero();
        assertThat(pending.complete(complete("r1", "late"))).isFalse();
    }

    @Test
    void failAllFailsEveryWaitingRequest() {
        CompletableFuture<Reply> a = pending.register("a", NOW.toEpochMilli() + 1000);
        CompletableFuture<Reply> b = pending.register("b", NOW.toEpochMilli() + 1000);

        pending.failAll(new IllegalStateException("stopping"));

        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        assertThat(pending.size()).isZero();
    }

    @Test
    void oneIdCannotWaitTwice() {
        pending.register("r1", NOW.toEpochMilli() + 1000);
        assertThatThrownBy(() -> pending.register("r1", NOW.toEpochMilli() + 1000))
                .isInstanceOf(IllegalStateException.class);
    }
}
