package io.llmgateway.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.common.config.CacheSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model on questions written for this test, and how it reads another embedder's vectors. */
class LearnedCacheabilityTest {

    private static MiniLmEmbedder miniLm;
    private final LearnedCacheability shipped =
            LearnedCacheability.shipped(CacheSettings.DEFAULT_MIN_FACTUAL_PROBABILITY);

    @BeforeAll
    static void load() {
        miniLm = new MiniLmEmbedder();
    }

    @AfterAll
    static void close() {
        miniLm.close();
    }

    @Test
    void aPlainFactualQuestionIsCacheableAndARequestForAPoemIsNot() {
        assertThat(shipped.judge(miniLm.embed("What is the chemical formula of table salt?")).cacheable()).isTrue();
        Cacheability poem = shipped.judge(miniLm.embed("Compose a short poem about a lighthouse at dawn."));
        assertThat(poem.cacheable()).isFalse();
        assertThat(poem.category()).isEqualTo(Category.CREATIVE);
        assertThat(poem.reason()).doesNotContain("lighthouse");
    }

    @Test
    void withAnotherModelsVectorsItEmbedsTheQuestionItself() {
        Embedder provider = new Embedder() {
            @Override
            public int dimension() {
                return 8;
            }

            @Override
            public float[] embed(String text) {
                return new float[8];
            }

            @Override
            public void close() {
            }
        };
        assertThat(shipped.alongside(miniLm, MiniLmEmbedder::new)).isSameAs(shipped);
        LearnedCacheability own = shipped.alongside(provider, () -> miniLm);
        assertThat(own.ownEmbedder()).containsSame(miniLm);
        assertThat(own.judge("What is the chemical formula of table salt?", provider.embed("x")).cacheable()).isTrue();
    }
}
