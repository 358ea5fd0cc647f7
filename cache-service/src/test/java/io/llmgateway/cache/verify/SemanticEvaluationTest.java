package io.llmgateway.cache.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.common.config.CacheSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Precision and recall of the semantic tier on the labelled set: a pair is served from the
 * cache when its cosine similarity (the real embedding model) reaches the threshold and the
 * verifier accepts it, exactly the rule of a lookup. Fails below 99% precision at the
 * configured default threshold; logs the curve over thresholds and every wrong decision.
 */
class SemanticEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(SemanticEvaluationTest.class);
    private static final double[] THRESHOLDS = {0.0, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};

    private static MiniLmEmbedder embedder;
    private static final ParaphraseVerifier VERIFIER = new ParaphraseVerifier(new QuestionReader());

    record Scored(LabelledPairs.Pair pair, double similarity, Verdict verdict) {
        boolean served(double threshold) {
            return similarity >= threshold && verdict.accepted();
        }
    }

    record Point(double threshold, int truePositives, int falsePositives, int positives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : truePositives / (double) (truePositives + falsePositives);
        }

        double recall() {
            return truePositives / (double) positives;
        }
    }

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void theSetHasAtLeast200PairsOfBothKinds() {
        List<LabelledPairs.Pair> pairs = LabelledPairs.load().pairs();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(200);
        assertThat(pairs).filteredOn(LabelledPairs.Pair::hit).hasSizeGreaterThanOrEqualTo(100);
        assertThat(pairs).filteredOn(p -> !p.hit()).hasSizeGreaterThanOrEqualTo(100);
    }

    @Test
    void precisionAtTheConfiguredThresholdIsAtLeast99Percent() {
        List<Scored> scored = score(LabelledPairs.load().pairs());
        double configured = CacheSettings.DEFAULTS.similarityThreshold();

        StringBuilder curve = new StringBuilder("threshold  precision  recall  (vector alone: precision recall)\n");
        for (double threshold : THRESHOLDS) {
            Point withVerifier = point(scored, threshold, true);
            Point vectorOnly = point(scored, threshold, false);
            curve.append(String.format("%9.2f  %9.3f  %6.3f  (%.3f %.3f)%n", threshold, withVerifier.precision(),
                    withVerifier.recall(), vectorOnly.precision(), vectorOnly.recall()));
        }
        log.info("semantic tier on {} labelled pairs:\n{}", scored.size(), curve);
        for (Scored s : scored) {
            if (s.served(configured) != s.pair().hit()) {
                log.info("{} line {} ({}), similarity {}: '{}' / '{}': {}", s.pair().hit() ? "missed paraphrase"
                        : "FALSE HIT", s.pair().line(), s.pair().kind(), String.format("%.3f", s.similarity()),
                        s.pair().cached(), s.pair().asked(), s.verdict().reason());
            }
        }

        Point atConfigured = point(scored, configured, true);
        log.info("at the configured threshold {}: precision {}, recall {}", configured,
                String.format("%.3f", atConfigured.precision()), String.format("%.3f", atConfigured.recall()));
        assertThat(atConfigured.precision()).as("precision at threshold %s", configured).isGreaterThanOrEqualTo(0.99);
        assertThat(atConfigured.recall()).as("recall: the tier must still serve paraphrases").isGreaterThan(0.5);
    }

    private static List<Scored> score(List<LabelledPairs.Pair> pairs) {
        List<Scored> scored = new ArrayList<>();
        for (LabelledPairs.Pair pair : pairs) {
            float[] cached = embedder.embed(pair.cached());
            float[] asked = embedder.embed(pair.asked());
            double similarity = 0;
            for (int i = 0; i < cached.length; i++) {
                similarity += cached[i] * asked[i];
            }
            scored.add(new Scored(pair, similarity, VERIFIER.verify(pair.asked(), pair.cached())));
        }
        return scored;
    }

    private static Point point(List<Scored> scored, double threshold, boolean verified) {
        int tp = 0;
        int fp = 0;
        int positives = 0;
        for (Scored s : scored) {
            boolean served = verified ? s.served(threshold) : s.similarity() >= threshold;
            positives += s.pair().hit() ? 1 : 0;
            if (served && s.pair().hit()) {
                tp++;
            } else if (served) {
                fp++;
            }
        }
        return new Point(threshold, tp, fp, positives);
    }
}
