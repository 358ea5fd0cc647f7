package io.llmgateway.cache.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.eval.LabelledSets.Split;
import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.cache.policy.Cacheability;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.policy.LinguisticClassifier;
import io.llmgateway.common.config.CacheSettings;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole cache policy as a lookup applies it to a single-turn question (the rules, then the
 * learned model at the default bar) on the labelled prompts of {@code eval/v2}, test split first.
 * The test split was committed before the policy was written and is never tuned on.
 */
class CacheabilityEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(CacheabilityEvaluationTest.class);

    private static MiniLmEmbedder embedder;
    private static final Map<Split, CacheabilityFigures> FIGURES = new EnumMap<>(Split.class);

    @BeforeAll
    static void judge() {
        embedder = new MiniLmEmbedder();
        LinguisticClassifier rules = new LinguisticClassifier(Lexicon.shared(), Clock.systemUTC());
        LearnedCacheability model = LearnedCacheability.shipped(CacheSettings.DEFAULT_MIN_FACTUAL_PROBABILITY);
        for (Split split : List.of(Split.TEST, Split.DEV, Split.TRAIN)) {
            CacheabilityFigures figures = CacheabilityFigures.of(LabelledSets.prompts(split), prompt -> {
                Cacheability judged = rules.classify("", prompt);
                return judged.cacheable() ? model.judge(embedder.embed(prompt)) : judged;
            });
            FIGURES.put(split, figures);
            log.info("cache policy on the {} prompts (worst uncacheable kind served {}%, factual cached {}%):\n{}",
                    split, String.format("%.1f", 100 * figures.worstUncacheableServed()),
                    String.format("%.1f", 100 * figures.cachedShare("factual")), figures.table());
        }
        FIGURES.get(Split.TEST).errors().forEach(e -> log.info("test split: {}", e));
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void theSetsAreLargeEnough() {
        assertThat(LabelledSets.prompts(Split.TEST).size() + LabelledSets.prompts(Split.DEV).size()
                + LabelledSets.prompts(Split.TRAIN).size()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void onTheDevSplitAtMost2PercentOfAnyUncacheableKindIsServedAndAtLeast80PercentOfFactsAre() {
        CacheabilityFigures dev = FIGURES.get(Split.DEV);
        assertThat(dev.worstUncacheableServed()).isLessThanOrEqualTo(0.02);
        assertThat(dev.cachedShare("factual")).isGreaterThanOrEqualTo(0.80);
    }

    /**
     * Floors under the test figures measured when this landed: one prompt of each uncacheable kind
     * served (random 1 of 45 = 2.2%, over the 2% target; the others 1.3-1.7%), factual 90.6%.
     */
    @Test
    void onTheTestSplitTheFiguresStayAtOrAboveWhatWasMeasured() {
        CacheabilityFigures test = FIGURES.get(Split.TEST);
        assertThat(test.worstUncacheableServed()).isLessThanOrEqualTo(0.023);
        assertThat(test.cachedShare("factual")).isGreaterThanOrEqualTo(0.85);
    }
}
