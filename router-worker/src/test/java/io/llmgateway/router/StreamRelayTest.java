package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.router.provider.ChatDelta;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StreamRelayTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);
    private static final GatewayRequest STREAMED = new GatewayRequest("r1", "acme", "default", "k", "gpt-4o-mini",
            List.of(ChatMessage.user("Talk for a while")), null, true, "llm.replies.x", 1_000, 61_000, null, null,
            null, 4, null);

    private static StreamRelay relay(MockProducer<String, byte[]> producer) {
        return new StreamRelay(new TopicPublisher(producer), STREAMED, 0, "gpt-4o-mini", "mock", CLOCK, 1_000);
    }

    @Test
    void aLongStreamHoldsOnlyTheChunksTheBrokerHasNotAcknowledged() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        StreamRelay relay = relay(producer);

        for (int i = 0; i < 1_000; i++) {
            relay.onDelta(ChatDelta.text(" word"));
            if (i % 10 == 9) {
                while (producer.completeNext()) {
                    // the broker acknowledges what was sent so far
                }
            }
        }
        relay.onDelta(ChatDelta.text(" last"));

        assertThat(producer.history()).hasSize(1_001);
        assertThat(relay.unconfirmedSends()).isEqualTo(1);
        producer.completeNext();
        relay.awaitSent();
    }

    @Test
    void aChunkTheBrokerRefusedIsStillReportedAtTheEnd() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        StreamRelay relay = relay(producer);

        relay.onDelta(ChatDelta.text("one"));
        producer.errorNext(new KafkaException("broker refused the chunk"));
        relay.onDelta(ChatDelta.text(" two"));
        producer.completeNext();

        assertThatThrownBy(relay::awaitSent).isInstanceOf(KafkaException.class).hasMessageContaining("refused");
    }
}
