package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.CountingEmbedder;
import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.cache.embed.RecentEmbeddings;
import io.llmgateway.cache.index.CacheShard;
import io.llmgateway.cache.index.ShardSet;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.policy.LinguisticClassifier;
import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.common.config.CacheSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.SamplingParams;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bypass is decided by the screening alone: never embedded, never searched. */
class CacheLookupScreeningTest {

    @TempDir
    Path dir;

    private final CountingEmbedder embedder = new CountingEmbedder(new ConstantEmbedder());
    private CacheShard shard;
    private CacheLookup lookup;

    @BeforeEach
    void setUp() throws Exception {
        String yaml = "cache: {max_temperature: 0.2, uncacheable_tenants: [t-cold], uncacheable_models: [cold-model]}\n";
        CacheSettings settings = GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "test").cache();
        shard = new CacheShard(0, dir.resolve("shard"));
        ShardSet shards = new ShardSet();
        shards.adopt(shard);
        lookup = new CacheLookup(settings, shards, new RecentEmbeddings(embedder, 10),
                new LinguisticClassifier(Lexicon.shared(), Clock.systemUTC()),
                LearnedCacheability.shipped(0.0), Clock.systemUTC()); // the constant vector must not decide
    }

    @AfterEach
    void tearDown() throws Exception {
        shard.close();
    }

    @Test
    void everyKindOfBypassIsDecidedWithoutEmbeddingOrSearching() throws Exception {
        List<GatewayRequest> bypasses = List.of(
                request("t", "mock-echo", "What is DNS?", new SamplingParams(0.9, null, null, null, null), null),
                request("t", "mock-echo", "What is DNS?", null, CachePolicy.NO_STORE),
                request("t", "mock-echo", "What is DNS?", null, CachePolicy.NO_CACHE),
                request("t-cold", "mock-echo", "What is DNS?", null, null),
                request("t", "cold-model", "What is DNS?", null, null),
                request("t", "mock-echo", "What is the weather in Paris today?", null, null));
        for (GatewayRequest request : bypasses) {
            assertThat(lookup.screen(request)).isInstanceOf(Screening.Decided.class);
            Lookup result = lookup.lookup(request, 0);
            assertThat(result).isInstanceOfSatisfying(Lookup.Forward.class,
                    f -> assertThat(f.decision().status()).isEqualTo(CacheStatus.BYPASS));
        }
        assertThat(embedder.total()).isZero();
    }

    @Test
    void thePolicyAloneNamesItsBypassReason() {
        assertThat(lookup.policyBypass(request("t", "mock-echo", "What is DNS?", null, CachePolicy.NO_STORE)))
                .isEqualTo("no-store");
        assertThat(lookup.policyBypass(request("t", "mock-echo", "What is DNS?", null, null))).isNull();
    }

    @Test
    void aCacheableQuestionIsSearchedAndEmbeddedOnce() throws Exception {
        GatewayRequest request = request("t", "mock-echo", "What is DNS?", null, null);

        assertThat(lookup.screen(request)).isInstanceOf(Screening.Search.class);
        Lookup result = lookup.lookup(request, 0);

        assertThat(result).isInstanceOfSatisfying(Lookup.Forward.class,
                f -> assertThat(f.decision().status()).isEqualTo(CacheStatus.MISS));
        assertThat(embedder.callsFor("What is DNS?")).isEqualTo(1);
    }

    private static GatewayRequest request(String tenant, String model, String prompt, SamplingParams params,
                                          CachePolicy policy) {
        long now = System.currentTimeMillis();
        return new GatewayRequest(UUID.randomUUID().toString(), tenant, "default", tenant + "-key", model,
                List.of(ChatMessage.user(prompt)), params, false, "llm.replies.test", now, now + 60_000, null, policy,
                null, 10, null);
    }

    /** The same unit vector for every text: the model itself is not what these tests are about. */
    private static final class ConstantEmbedder implements Embedder {
        @Override
        public int dimension() {
            return 384;
        }

        @Override
        public float[] embed(String text) {
            float[] vector = new float[384];
            Arrays.fill(vector, (float) (1 / Math.sqrt(384)));
            return vector;
        }

        @Override
        public void close() {
        }
    }
}
