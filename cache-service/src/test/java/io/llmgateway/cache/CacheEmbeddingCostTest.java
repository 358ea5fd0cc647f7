package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmgateway.cache.embed.CountingEmbedder;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the cache costs a request, on a real broker with the real model behind a counting double:
 * a cacheable question is embedded once from lookup to index, a bypass never, and interactive
 * requests, bypasses and searches alike, do not wait for the batch lookups ahead of them.
 */
class CacheEmbeddingCostTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static CountingEmbedder embedder;
    private static CacheRig rig;

    @BeforeAll
    static void start() throws Exception {
        embedder = new CountingEmbedder(new MiniLmEmbedder());
        rig = new CacheRig(KAFKA.bootstrapServers(), embedder);
        rig.start("max_temperature: 0.2, uncacheable_tenants: [t-cold], uncacheable_models: [cold-model]");
    }

    @AfterAll
    static void stop() throws Exception {
        if (embedder != null) {
            embedder.releaseAll();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aCacheableQuestionIsEmbeddedOnceFromLookupToIndex() throws Exception {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            prompts.add("What is the boiling point of water at altitude " + (1000 + 250 * i) + " metres?");
        }
        for (String prompt : prompts) {
            CacheRig.Answer miss = rig.ask("t-once", prompt);
            assertThat(miss.status()).isEqualTo("MISS");
            rig.fill(miss, "About 96 degrees Celsius.");
        }
        for (String prompt : prompts) {
            // An exact hit means the feed has indexed the entry, vector included.
            rig.askUntil("HIT", () -> rig.question("t-once", prompt));
        }
        int calls = prompts.stream().mapToInt(embedder::callsFor).sum();
        System.out.printf("embed calls per cacheable question, lookup to index: %.2f (%d for %d)%n",
                (double) calls / prompts.size(), calls, prompts.size());
        assertThat(prompts).allSatisfy(p -> assertThat(embedder.callsFor(p)).as(p).isEqualTo(1));

        CacheRig.Answer paraphrase = rig.ask("t-once",
                "What's the boiling point of water at an altitude of 1000 metres?");
        assertThat(paraphrase.status()).as("the reused vector serves semantic hits").isEqualTo("SEMANTIC_HIT");
    }

    @Test
    void aBypassedRequestIsNeverEmbedded() throws Exception {
        String prompt = "Which planet has the most moons?";
        List<GatewayRequest> bypasses = List.of(
                rig.request("t-bypass", List.of(ChatMessage.user(prompt)), new SamplingParams(0.9, null, null, null,
                        null), false, null),
                rig.request("t-bypass", List.of(ChatMessage.user(prompt)), null, false, CachePolicy.NO_STORE),
                rig.request("t-bypass", List.of(ChatMessage.user(prompt)), null, false, CachePolicy.NO_CACHE),
                rig.request("t-cold", List.of(ChatMessage.user(prompt)), null, false, null),
                withModel(rig.request("t-bypass", List.of(ChatMessage.user(prompt)), null, false, null), "cold-model"),
                rig.question("t-bypass", "Which planet has the most moons today?"));
        for (GatewayRequest request : bypasses) {
            assertThat(rig.ask(request).status()).isEqualTo("BYPASS");
        }
        assertThat(embedder.callsFor(prompt)).isZero();
        assertThat(embedder.callsFor("Which planet has the most moons today?")).isZero();
    }

    @Test
    void aBypassIsForwardedWhileEveryBatchLookupAheadOfItIsStillEmbedding() throws Exception {
        warmUp("t-busy");
        embedder.hold("[held]");
        try {
            List<String> held = new ArrayList<>();
            for (int i = 0; i < CacheService.MAX_IN_FLIGHT + 6; i++) {
                GatewayRequest request = batch(rig.question("t-busy", "[held] How many bones are in a hand, case " + i
                        + "?"));
                held.add(request.requestId());
                rig.admit(request);
            }
            CacheRig.Answer bypass = rig.ask(rig.request("t-busy", List.of(ChatMessage.user("What is DNS?")), null,
                    false, CachePolicy.NO_STORE));
            assertThat(bypass.status()).isEqualTo("BYPASS");
            assertThat(held).as("still held").noneMatch(rig.forwarded::containsKey);
            embedder.releaseAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> held.stream().allMatch(rig.forwarded::containsKey));
        } finally {
            embedder.releaseAll();
        }
    }

    @Test
    void anInteractiveQuestionIsSearchedBeforeTheBatchLookupsQueuedAheadOfIt() throws Exception {
        warmUp("t-mixed");
        embedder.hold("[batch]");
        try {
            // Every search thread embeds a held batch question; the rest of the batch lane's slots
            // hold batch lookups queued for a thread; more batch requests wait for a slot.
            int threads = Runtime.getRuntime().availableProcessors(); // the service's search threads
            assumeTrue(threads < CacheService.BATCH_SLOTS, "needs fewer search threads than batch slots");
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < CacheService.BATCH_SLOTS + 10; i++) {
                GatewayRequest request = batch(rig.question("t-mixed", "[batch] How many bones are in a foot, case "
                        + i + "?"));
                batch.add(request.requestId());
                rig.admit(request);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> embedder.held() == threads
                    && rig.cache.searchesQueued() == CacheService.BATCH_SLOTS - threads);

            // Same tenant, so same partition, behind them all: it still gets a slot and a place in
            // the search queue although the batch lane is full.
            String prompt = "How many bones are in an adult human skull?";
            GatewayRequest interactive = rig.question("t-mixed", prompt);
            rig.admit(interactive);
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> rig.cache.searchesQueued() == CacheService.BATCH_SLOTS - threads + 1);

            // One batch search ends; its thread takes the interactive search, not the next batch one
            // (first in first out, it would take a held batch question and the interactive one would wait).
            embedder.releaseOne();
            await().atMost(Duration.ofSeconds(60)).until(() -> rig.forwarded.containsKey(interactive.requestId()));
            assertThat(rig.forwarded.get(interactive.requestId()).cacheDecision().status().name()).isEqualTo("MISS");
            assertThat(embedder.callsFor(prompt)).isEqualTo(1);
            assertThat(batch.stream().filter(rig.forwarded::containsKey).count())
                    .as("batch lookups answered before the interactive one").isLessThanOrEqualTo(1);

            embedder.releaseAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> batch.stream().allMatch(rig.forwarded::containsKey));
        } finally {
            embedder.releaseAll();
        }
    }

    /** Waits until the tenant's shard has loaded, so its questions are embedded, not missed as "shard loading". */
    private static void warmUp(String tenant) {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> !rig.ask(tenant, "How many legs does a spider have?").reason().equals("shard loading"));
    }

    private static GatewayRequest batch(GatewayRequest r) {
        return new GatewayRequest(r.requestId(), r.tenantId(), r.projectId(), r.apiKeyId(), r.model(), r.messages(),
                r.params(), r.stream(), r.replyTopic(), r.createdAtMs(), r.deadlineMs(), Priority.BATCH,
                r.cachePolicy(), r.traceparent(), r.estimatedInputTokens(), r.reservation());
    }

    private static GatewayRequest withModel(GatewayRequest r, String model) {
        return new GatewayRequest(r.requestId(), r.tenantId(), r.projectId(), r.apiKeyId(), model, r.messages(),
                r.params(), r.stream(), r.replyTopic(), r.createdAtMs(), r.deadlineMs(), r.priority(), r.cachePolicy(),
                r.traceparent(), r.estimatedInputTokens(), r.reservation());
    }
}
