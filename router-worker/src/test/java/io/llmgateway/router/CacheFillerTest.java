package io.llmgateway.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.CacheFill;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CacheFillerTest {

    private static final int PARTITIONS = 6;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);

    private final MockProducer<String, byte[]> producer = new MockProducer<>(cluster(), true, null,
            new StringSerializer(), new ByteArraySerializer());
    private final CacheFiller filler = new CacheFiller(producer, Topics.CACHE_ENTRIES, CLOCK);

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new PartitionInfo(Topics.CACHE_ENTRIES.name(), p, node, new Node[] {node},
                    new Node[] {node}));
        }
        return new Cluster("c", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
    }

    private static GatewayRequest request(boolean stream, CacheDecision decision) {
        return new GatewayRequest("r1", "acme", "default", "k", "gpt-4o-mini", List.of(ChatMessage.user("What is DNS?")),
                null, stream, "llm.replies.x", 1_000, 61_000, null, null, null, 4, null).withCacheDecision(decision);
    }

    private static Reply answer(FinishReason finish) {
        return Reply.complete("r1", 0, 0, "gpt-4o-mini-1", "openai", "The Domain Name System.", finish,
                new TokenUsage(5, 6, 0), CacheStatus.MISS, 4_000);
    }

    private static final CacheDecision MISS = new CacheDecision(CacheStatus.MISS, "no entry",
            new CacheFill("exact-1", "scope-1", "What is DNS?", 60_000));

    @Test
    void aCompleteAnswerGoesToTheTenantsPartitionWithItsTimeToLive() throws Exception {
        assertThat(filler.fill(request(false, MISS), answer(FinishReason.STOP))).isPresent().get()
                .satisfies(f -> f.get());

        var sent = producer.history();
        assertThat(sent).singleElement().satisfies(record -> {
            assertThat(record.partition()).isEqualTo(TenantPartitions.partitionOf("acme", PARTITIONS));
            assertThat(record.key()).isEqualTo("acme/exact-1");
            CacheEntry entry = Topics.CACHE_ENTRIES.valueSerde().deserializer().deserialize("t", record.value());
            assertThat(entry.prompt()).isEqualTo("What is DNS?");
            assertThat(entry.content()).isEqualTo("The Domain Name System.");
            assertThat(entry.expiresAtMs()).isEqualTo(65_000);
        });
    }

    @Test
    void nothingIsStoredWhenTheAnswerIsCutTheRequestStreamedOrTheCacheSaidNo() {
        assertThat(filler.fill(request(false, MISS), answer(FinishReason.LENGTH))).isEmpty();
        assertThat(filler.fill(request(true, MISS), answer(FinishReason.STOP))).isEmpty();
        assertThat(filler.fill(request(false, new CacheDecision(CacheStatus.BYPASS, "no-store", null)),
                answer(FinishReason.STOP))).isEmpty();
        assertThat(filler.fill(request(false, null), answer(FinishReason.STOP))).isEmpty();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void theDecisionReachesTheReply() {
        Reply reply = filler.withDecision(request(false, new CacheDecision(CacheStatus.BYPASS,
                "time_sensitive: \"today\"", null)), answer(FinishReason.STOP));
        assertThat(reply.cache()).isEqualTo(CacheStatus.BYPASS);
        assertThat(reply.cacheReason()).isEqualTo("time_sensitive: \"today\"");
    }
}
