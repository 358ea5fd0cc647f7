package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import org.junit.jupiter.api.Test;

class StreamSequencerTest {

    private static Reply chunk(int attempt, int sequence, String text) {
        return Reply.chunk("r", attempt, sequence, "m", "p", text, 1L);
    }

    private static Reply fin(int attempt, int sequence) {
        return Reply.complete("r", attempt, sequence, "m", "p", "all", FinishReason.STOP, TokenUsage.NONE, null, 2L);
    }

    @Test
    void chunksAreWrittenInSequenceOrderAndDuplicatesAreDropped() throws Exception {
        StreamSequencer order = new StreamSequencer();
        assertThat(order.accept(chunk(7, 0, "a"))).extracting(Reply::delta).containsExactly("a");
        assertThat(order.accept(chunk(7, 2, "c"))).isEmpty();
        assertThat(order.accept(chunk(7, 0, "a"))).isEmpty();
        assertThat(order.accept(chunk(7, 1, "b"))).extracting(Reply::delta).containsExactly("b", "c");
        assertThat(order.accept(chunk(7, 2, "c"))).isEmpty();
        assertThat(order.accept(fin(7, 3))).extracting(Reply::sequence).containsExactly(3);
        assertThat(order.duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void aTerminalReplyBeforeAnyChunkEndsTheStreamAtOnce() throws Exception {
        StreamSequencer order = new StreamSequencer();
        assertThat(order.accept(fin(0, 5))).hasSize(1);
        assertThat(order.began()).isFalse();
    }

    @Test
    void anotherAttemptTakesOverBeforeAnythingWasWrittenButNotAfter() throws Exception {
        StreamSequencer fresh = new StreamSequencer();
        assertThat(fresh.accept(chunk(1, 1, "late"))).isEmpty();
        assertThat(fresh.accept(chunk(2, 0, "x"))).extracting(Reply::delta).containsExactly("x");

        StreamSequencer begun = new StreamSequencer();
        begun.accept(chunk(1, 0, "a"));
        assertThatThrownBy(() -> begun.accept(chunk(2, 0, "other")))
                .isInstanceOf(StreamSequencer.StreamRestarted.class);
    }
}
