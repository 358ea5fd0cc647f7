package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.index.CacheShard;
import io.llmgateway.common.pipeline.BrokerTestSupport;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache service on a real broker, the real embedding model and real Lucene shards, with the
 * rest of the pipeline played by {@link CacheRig}. Each test uses its own tenants.
 */
class CacheServiceTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    static Path indexDir;

    private static MiniLmEmbedder embedder;
    private static CacheRig rig;

    private static final String CONFIG = "max_temperature: 0.2, tenants: {capped: {max_entries: 2}}";

    @BeforeAll
    static void start() throws Exception {
        embedder = new MiniLmEmbedder();
        rig = new CacheRig(KAFKA.bootstrapServers(), embedder);
        rig.start(CacheRig.indexDirSection(indexDir) + ", " + CONFIG);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void aRepeatedQuestionIsAnExactHitWithZeroProviderTokensAndAUsageRecord() throws Exception {
        CacheRig.Answer first = rig.ask("t-exact", "What is the capital of France?");
        assertThat(first.status()).isEqualTo("MISS");
        assertThat(first.decision().fill()).isNotNull();
        rig.fill(first, "Paris.");

        CacheRig.Answer hit = rig.askUntil("HIT", () -> rig.question("t-exact", "What is the capital of France?"));
        assertThat(hit.reply().content()).isEqualTo("Paris.");
        assertThat(hit.reply().usage()).isEqualTo(TokenUsage.NONE);
        assertThat(hit.reply().cacheReason()).isEqualTo("exact");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.usageRecords)
                .filteredOn(u -> u.requestId().equals(hit.requestId())).singleElement().satisfies(u -> {
                    assertThat(u.cacheHit()).isTrue();
                    assertThat(u.usage()).isEqualTo(TokenUsage.NONE);
                    assertThat(u.cacheStatus()).hasToString("HIT");
                }));
    }

    @Test
    void aParaphraseIsASemanticHitAndANearMissIsAMissWithTheReason() throws Exception {
        rig.cache("t-semantic", "How do I convert a list to a tuple in Python?", "Use tuple(my_list).");

        CacheRig.Answer paraphrase = rig.ask("t-semantic", "How can I convert a list into a tuple in Python?");
        assertThat(paraphrase.status()).isEqualTo("SEMANTIC_HIT");
        assertThat(paraphrase.reply().content()).isEqualTo("Use tuple(my_list).");
        assertThat(paraphrase.reply().cacheSimilarity()).isGreaterThan(0.8).isLessThan(1.0);

        CacheRig.Answer nearMiss = rig.ask("t-semantic", "How do I convert a tuple to a list in Python?");
        assertThat(nearMiss.status()).isEqualTo("MISS");
        assertThat(nearMiss.reason()).startsWith("near miss at 0.9").endsWith("roles differ");
        assertThat(nearMiss.decision().fill()).isNotNull();
    }

    @Test
    void aBatchRequestUsesTheExactTierUnlessItsJobAsksForTheSemanticOne() throws Exception {
        rig.cache("t-batch", "What is the boiling point of water at sea level?", "100 degrees Celsius.");
        List<ChatMessage> paraphrase = List.of(ChatMessage.user("At sea level, what is the boiling point of water?"));

        CacheRig.Answer batch = rig.ask(rig.request("t-batch", paraphrase, null, false, null, Priority.BATCH));
        assertThat(batch.status()).isEqualTo("MISS");
        assertThat(batch.reason()).contains("exact tier only");
        assertThat(batch.decision().fill()).as("its answer is still stored").isNotNull();

        CacheRig.Answer optedIn = rig.ask(rig.request("t-batch", paraphrase, null, false, CachePolicy.SEMANTIC,
                Priority.BATCH));
        assertThat(optedIn.status()).isEqualTo("SEMANTIC_HIT");
        assertThat(rig.ask(rig.request("t-batch", List.of(ChatMessage.user(
                "What is the boiling point of water at sea level?")), null, false, null, Priority.BATCH)).status())
                .as("the exact tier serves batch jobs").isEqualTo("HIT");
    }

    @Test
    void anAnswerThatSaysItIsDatedIsNotStored() throws Exception {
        CacheRig.Answer first = rig.ask("t-dated", "What does the inflation rate measure?");
        assertThat(first.decision().fill()).as("the question itself may be cached").isNotNull();
        rig.fill(first, "As of my last update in 2024, it measured the rise of the price level.");
        rig.cache("t-dated", "What is the boiling point of water at sea level?", "100 degrees Celsius.");

        assertThat(rig.ask("t-dated", "What does the inflation rate measure?").status())
                .as("the dated answer was refused at store time, the plain one after it was stored").isEqualTo("MISS");
    }

    @Test
    void anotherTenantNeverGetsTheEntryExactOrSemantic() throws Exception {
        rig.cache("t-owner", "What is the boiling point of water at sea level?", "100 degrees Celsius.");

        assertThat(rig.ask("t-other", "What is the boiling point of water at sea level?").status()).isEqualTo("MISS");
        assertThat(rig.ask("t-other", "At sea level, what is the boiling point of water?").status())
                .isEqualTo("MISS");
        assertThat(rig.ask("t-owner", "At sea level, what is the boiling point of water?").status())
                .isEqualTo("SEMANTIC_HIT");
    }

    @Test
    void aPurgeNeedsTheOperatorTokenAndWithoutItRemovesNothing() throws Exception {
        rig.cache("t-guarded", "Who wrote Pride and Prejudice?", "Jane Austen.");

        HttpResponse<String> none = rig.purge("t-guarded", null);
        HttpResponse<String> wrong = rig.purge("t-guarded", "Bearer " + CacheRig.ADMIN_TOKEN + "x");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("admin_token_required");
        assertThat(none.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(rig.ask("t-guarded", "Who wrote Pride and Prejudice?").status()).isEqualTo("HIT");
        assertThat(rig.purge("t-guarded", "Bearer " + CacheRig.ADMIN_TOKEN).statusCode()).isEqualTo(202);
    }

    @Test
    void theAdminPortServesTheLookupMetersToTheOperatorOnly() throws Exception {
        rig.cache("t-metered", "What is the chemical symbol for gold?", "Au.");
        assertThat(rig.ask("t-metered", "What is the chemical symbol for gold?").status()).isEqualTo("HIT");

        assertThat(rig.metrics(null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = rig.metrics("Bearer " + CacheRig.ADMIN_TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("gateway_cache_lookups_seconds_count\\{decision=\"hit\",service=\"cache\",tier=\"exact\"} [1-9]")
                .containsPattern("gateway_requests_total\\{model=\"[^\"]+\",provider=\"cache\",service=\"cache\","
                        + "status=\"success\",tenant=\"t-metered\"} [1-9]")
                .contains("gateway_queue_time_seconds_count{priority=\"interactive\",service=\"cache\",stage=\"cache\"}");
        // The consumer's lag per partition: meters Micrometer adds at its next look after assignment.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                rig.metrics("Bearer " + CacheRig.ADMIN_TOKEN).body())
                .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*group=\"[^\"]+\""));
    }

    @Test
    void aPurgeRemovesEveryEntryOfTheTenantFromItsShardAndFromTheTopic() throws Exception {
        rig.cache("t-purged", "Who wrote Pride and Prejudice?", "Jane Austen.");
        rig.cache("t-purged", "What is the chemical symbol for gold?", "Au.");
        rig.cache("t-kept", "Who wrote Pride and Prejudice?", "Jane Austen.");

        assertThat(rig.purge("t-purged").statusCode()).isEqualTo(202);

        rig.askUntil("MISS", () -> rig.question("t-purged", "Who wrote Pride and Prejudice?"));
        assertThat(rig.ask("t-purged", "What is the chemical symbol for gold?").status()).isEqualTo("MISS");
        assertThat(rig.ask("t-kept", "Who wrote Pride and Prejudice?").status()).isEqualTo("HIT");
        // The owner wrote a tombstone for each purged entry: compaction forgets them too.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rig.entryRecords.stream()
                .filter(r -> r.value() == null && r.key().startsWith("t-purged/") && !CacheEntry.isPurgeKey(r.key()))
                .map(ConsumerRecord::key).distinct()).hasSize(2));
    }

    @Test
    void policyBypassesAndSaysWhy() throws Exception {
        CacheRig.Answer hot = rig.ask(rig.request("t-policy", List.of(ChatMessage.user("Name a prime number.")),
                new SamplingParams(0.9, null, null, null, null), false, null));
        assertThat(hot.status()).isEqualTo("BYPASS");
        assertThat(hot.reason()).isEqualTo("temperature 0.9 > 0.2");
        assertThat(hot.decision().fill()).isNull();

        CacheRig.Answer stale = rig.ask("t-policy", "What is the weather in Paris today?");
        assertThat(stale.status()).isEqualTo("BYPASS");
        assertThat(stale.reason()).startsWith("time_sensitive:");
        assertThat(stale.decision().fill()).isNull();

        CacheRig.Answer noStore = rig.ask(rig.request("t-policy", List.of(ChatMessage.user("What is DNS?")), null,
                false, CachePolicy.NO_STORE));
        assertThat(noStore.reason()).isEqualTo("no-store");
        assertThat(noStore.decision().fill()).isNull();

        CacheRig.Answer noCache = rig.ask(rig.request("t-policy", List.of(ChatMessage.user("What is DNS?")), null,
                false, CachePolicy.NO_CACHE));
        assertThat(noCache.status()).isEqualTo("BYPASS");
        assertThat(noCache.reason()).isEqualTo("no-cache");
        assertThat(noCache.decision().fill()).as("the fresh answer may still be stored").isNotNull();
    }

    @Test
    void aMultiTurnConversationHitsOnlyOnTheExactTier() throws Exception {
        List<ChatMessage> conversation = List.of(ChatMessage.user("What is the capital of Japan?"),
                new ChatMessage(Role.ASSISTANT, "Tokyo."), ChatMessage.user("And its population?"));
        CacheRig.Answer first = rig.ask(rig.request("t-turns", conversation, null, false, null));
        assertThat(first.decision().fill().prompt()).isNull();
        rig.fill(first, "About 14 million.");
        rig.askUntil("HIT", () -> rig.request("t-turns", conversation, null, false, null));

        List<ChatMessage> reworded = List.of(ChatMessage.user("What is the capital of Japan?"),
                new ChatMessage(Role.ASSISTANT, "Tokyo."), ChatMessage.user("And what is its population?"));
        CacheRig.Answer other = rig.ask(rig.request("t-turns", reworded, null, false, null));
        assertThat(other.status()).isEqualTo("MISS");
        assertThat(other.reason()).contains("exact tier only");
    }

    @Test
    void aStreamingCallerGetsTheHitAsChunksThenTheFinalReply() throws Exception {
        String answer = "Garbage collection finds objects no live reference reaches and frees their memory; "
                + "modern collectors do most of it concurrently with the program.";
        rig.cache("t-stream", "How does garbage collection work in Java?", answer);

        CacheRig.Answer hit = rig.ask(rig.request("t-stream", List.of(ChatMessage.user(
                "How does garbage collection work in Java?")), null, true, null));
        assertThat(hit.status()).isEqualTo("HIT");
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.chunks.containsKey(hit.requestId()));
        var chunks = rig.chunks.get(hit.requestId());
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.kind()).isEqualTo(ReplyKind.CHUNK));
        assertThat(chunks.stream().map(c -> c.delta()).collect(Collectors.joining())).isEqualTo(answer);
        assertThat(hit.reply().sequence()).isEqualTo(chunks.size());
    }

    @Test
    void aTenantOverItsCapLosesItsOldestEntries() throws Exception {
        rig.cache("capped", "What is the capital of Italy?", "Rome.");
        rig.clock.advance(Duration.ofMillis(5));
        rig.cache("capped", "What is the capital of Spain?", "Madrid.");
        rig.clock.advance(Duration.ofMillis(5));
        rig.cache("capped", "What is the capital of Portugal?", "Lisbon.");

        rig.askUntil("MISS", () -> rig.question("capped", "What is the capital of Italy?"));
        assertThat(rig.ask("capped", "What is the capital of Spain?").status()).isEqualTo("HIT");
        assertThat(rig.ask("capped", "What is the capital of Portugal?").status()).isEqualTo("HIT");
    }

    @Test
    void anExpiredEntryIsNotServed() throws Exception {
        rig.cache("t-ttl", "What is the atomic number of carbon?", "6.");
        rig.clock.advance(Duration.ofHours(25)); // default ttl: 24h
        try {
            CacheRig.Answer late = rig.ask("t-ttl", "What is the atomic number of carbon?");
            assertThat(late.status()).isEqualTo("MISS");
            assertThat(late.reason()).isEqualTo("no entry");
        } finally {
            rig.clock.advance(Duration.ofHours(-25));
        }
    }

    @Test
    void aRestartResumesFromTheOffsetsInTheLuceneCommitsAndStillHits() throws Exception {
        rig.cache("t-restart", "What is the speed of light in a vacuum?", "299,792,458 m/s.");
        rig.stopCache();

        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                (Object) KAFKA.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < CacheRig.PARTITIONS; p++) {
                latest.put(new TopicPartition(rig.entries, p), OffsetSpec.latest());
            }
            ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
        for (int p = 0; p < CacheRig.PARTITIONS; p++) {
            try (CacheShard shard = new CacheShard(p, indexDir.resolve(rig.entries + "-" + p))) {
                assertThat(shard.committedOffset()).as("partition %d", p)
                        .hasValue(ends.get(new TopicPartition(rig.entries, p)));
            }
        }

        rig.start(CacheRig.indexDirSection(indexDir) + ", " + CONFIG);
        assertThat(rig.askUntil("HIT", () -> rig.question("t-restart", "What is the speed of light in a vacuum?"))
                .reply().content()).isEqualTo("299,792,458 m/s.");
    }

    @Test
    void poisonIsDeadLetteredAndTheNextRequestIsStillAnswered() throws Exception {
        try (var producer = BrokerTestSupport.producer(KAFKA.bootstrapServers())) {
            BrokerTestSupport.send(producer, rig.admitted, "acme", "not a request".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(rig.ask("t-poison", "What is a mutex?").status()).isEqualTo("MISS");

        var deadLetters = rig.config.topics().deadLetterTopic();
        List<ConsumerRecord<String, byte[]>> letters = BrokerTestSupport.read(KAFKA.bootstrapServers(), rig.dead, 1,
                Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
        DeadLetter letter = deadLetters.valueSerde().deserializer().deserialize(rig.dead, letters.getFirst().value());
        assertThat(letter.stage()).isEqualTo("cache");
        assertThat(new String(Base64.getDecoder().decode(letter.originalValue()), StandardCharsets.UTF_8))
                .isEqualTo("not a request");
    }
}
