package io.llmgateway.cache.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.eval.LabelledSets.Split;
import io.llmgateway.cache.verify.ParaphraseVerifier;
import io.llmgateway.cache.verify.QuestionReader;
import io.llmgateway.common.config.CacheSettings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic tier (MiniLM cosine at the configured threshold, then the verifier) on the
 * labelled pairs of {@code eval/v2}, test split first, training figures beside it. The test
 * split was committed before the verifier was changed and is never tuned on; its floors below
 * guard against regressions (the target is precision 0.99 at recall 0.5).
 */
class SemanticEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(SemanticEvaluationTest.class);

    private static MiniLmEmbedder embedder;
    private static final Map<Split, List<PairFigures.Scored>> SCORED = new EnumMap<>(Split.class);

    @BeforeAll
    static void score() {
        embedder = new MiniLmEmbedder();
        ParaphraseVerifier verifier = new ParaphraseVerifier(new QuestionReader());
        for (Split split : List.of(Split.TEST, Split.DEV, Split.TRAIN)) {
            SCORED.put(split, PairFigures.score(LabelledSets.pairs(split), embedder, verifier));
            log.info("semantic tier on the {} pairs ({}):\n{}", split, SCORED.get(split).size(),
                    PairFigures.curve(SCORED.get(split)));
        }
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void theSetsAreLargeEnoughAndBalanced() {
        int all = SCORED.values().stream().mapToInt(List::size).sum();
        assertThat(all).isGreaterThanOrEqualTo(600);
        assertThat(SCORED.get(Split.TEST)).filteredOn(s -> s.pair().same()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(SCORED.get(Split.TEST)).filteredOn(s -> !s.pair().same()).hasSizeGreaterThanOrEqualTo(100);
    }

    @Test
    void precisionAtTheConfiguredThresholdHoldsOnEverySplit() {
        double threshold = CacheSettings.DEFAULTS.similarityThreshold();
        for (Split split : Split.values()) {
            PairFigures.Point point = PairFigures.point(SCORED.get(split), threshold, true);
            for (PairFigures.Scored s : SCORED.get(split)) {
                if (s.served(threshold) && !s.pair().same()) {
                    log.info("FALSE HIT in {} ({}), similarity {}: '{}' / '{}'", split, s.pair().kind(),
                            String.format("%.3f", s.similarity()), s.pair().a(), s.pair().b());
                }
            }
            assertThat(point.precision()).as("precision on " + split).isGreaterThanOrEqualTo(0.99);
        }
    }

    /** Floors under the figures measured when this landed (test 0.300, dev 0.257, train 0.247): the 0.5 target is not met. */
    @Test
    void recallStaysAboveItsMeasuredFloor() {
        double threshold = CacheSettings.DEFAULTS.similarityThreshold();
        assertThat(PairFigures.point(SCORED.get(Split.TRAIN), threshold, true).recall()).isGreaterThanOrEqualTo(0.22);
        assertThat(PairFigures.point(SCORED.get(Split.DEV), threshold, true).recall()).isGreaterThanOrEqualTo(0.22);
        assertThat(PairFigures.point(SCORED.get(Split.TEST), threshold, true).recall()).isGreaterThanOrEqualTo(0.27);
    }
}
