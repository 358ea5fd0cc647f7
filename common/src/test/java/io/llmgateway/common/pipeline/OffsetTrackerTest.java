package io.llmgateway.common.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    private static Map<TopicPartition, OffsetAndMetadata> at(TopicPartition partition, long offset) {
        return Map.of(partition, new OffsetAndMetadata(offset));
    }

    @Test
    void nothingIsCommittableBeforeAnyRecordFinishes() {
        tracker.started(P0, 10);
        tracker.started(P0, 11);

        assertThat(tracker.committable()).isEqualTo(at(P0, 10));
        tracker.markCommitted(tracker.committable());
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void aLaterRecordFinishingFirstDoesNotMoveThePositionPastAnUnfinishedOne() {
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);
        tracker.markCommitted(tracker.committable());

        tracker.finished(P0, 12);
        tracker.finished(P0, 11);

        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.positions(List.of(P0))).isEqualTo(at(P0, 10));
    }

    @Test
    void thePositionJumpsOverEveryFinishedRecordOnceTheLowestFinishes() {
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);
        tracker.finished(P0, 12);
        tracker.finished(P0, 11);

        tracker.finished(P0, 10);

        assertThat(tracker.committable()).isEqualTo(at(P0, 13));
    }

    @Test
    void thePositionStopsAtTheLowestUnfinishedRecordInTheMiddle() {
        for (long offset = 0; offset < 5; offset++) {
            tracker.started(P0, offset);
        }
        tracker.finished(P0, 0);
        tracker.finished(P0, 1);
        tracker.finished(P0, 3);
        tracker.finished(P0, 4);

        assertThat(tracker.committable()).isEqualTo(at(P0, 2));
        assertThat(tracker.unfinished()).isEqualTo(1);
    }

    @Test
    void partitionsAreTrackedIndependently() {
        tracker.started(P0, 5);
        tracker.started(P1, 100);
        tracker.started(P1, 101);
        tracker.finished(P1, 100);

        assertThat(tracker.committable()).isEqualTo(Map.of(
                P0, new OffsetAndMetadata(5),
                P1, new OffsetAndMetadata(101)));
        assertThat(tracker.unfinished()).isEqualTo(2);
    }

    @Test
    void aCommittedPositionIsOfferedAgainOnlyWhenItMoves() {
        tracker.started(P0, 0);
        tracker.finished(P0, 0);
        tracker.markCommitted(tracker.committable());
        assertThat(tracker.committable()).isEmpty();

        tracker.started(P0, 1);
        assertThat(tracker.committable()).isEmpty();
        tracker.finished(P0, 1);
        assertThat(tracker.committable()).isEqualTo(at(P0, 2));
    }

    @Test
    void positionsForAHandOverIncludeOnesAlreadyCommitted() {
        tracker.started(P0, 7);
        tracker.finished(P0, 7);
        tracker.markCommitted(tracker.committable());

        assertThat(tracker.positions(List.of(P0, P1))).isEqualTo(at(P0, 8));
    }

    @Test
    void aFinishForAForgottenPartitionIsIgnored() {
        tracker.started(P0, 3);
        tracker.forget(List.of(P0));

        tracker.finished(P0, 3);

        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.unfinished()).isZero();
        assertThat(tracker.partitions()).isEmpty();
    }

    @Test
    void aReassignedPartitionStartsAfreshFromItsRedeliveredRecords() {
        tracker.started(P0, 3);
        tracker.started(P0, 4);
        tracker.forget(List.of(P0));

        tracker.started(P0, 3);
        tracker.finished(P0, 3);

        assertThat(tracker.committable()).isEqualTo(at(P0, 4));
    }
}
