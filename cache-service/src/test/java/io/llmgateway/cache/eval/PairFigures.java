package io.llmgateway.cache.eval;

import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.cache.eval.LabelledSets.Pair;
import io.llmgateway.cache.verify.ParaphraseVerifier;
import io.llmgateway.cache.verify.Verdict;
import java.util.List;

/** Precision and recall of the semantic tier (cosine threshold, then the verifier) on labelled pairs. */
public final class PairFigures {

    private PairFigures() {}

    public static final double[] THRESHOLDS = {0.0, 0.70, 0.75, 0.80, 0.85, 0.90};

    public record Scored(Pair pair, double similarity, Verdict verdict) {
        public boolean served(double threshold) {
            return similarity >= threshold && verdict.accepted();
        }
    }

    public record Point(int truePositives, int falsePositives, int positives) {
        public double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : truePositives / (double) (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives / (double) positives;
        }
    }

    public static List<Scored> score(List<Pair> pairs, Embedder embedder, ParaphraseVerifier verifier) {
        return pairs.stream().map(p -> {
            double similarity = cosine(embedder.embed(p.a()), embedder.embed(p.b()));
            return new Scored(p, similarity, verifier.verify(p.b(), p.a()));
        }).toList();
    }

    public static Point point(List<Scored> scored, double threshold, boolean withVerifier) {
        int tp = 0;
        int fp = 0;
        int positives = 0;
        for (Scored s : scored) {
            boolean served = withVerifier ? s.served(threshold) : s.similarity() >= threshold;
            positives += s.pair().same() ? 1 : 0;
            if (served) {
                if (s.pair().same()) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new Point(tp, fp, positives);
    }

    public static String curve(List<Scored> scored) {
        StringBuilder sb = new StringBuilder("  threshold  precision  recall   false hits  (vector alone: precision recall)\n");
        for (double t : THRESHOLDS) {
            Point v = point(scored, t, true);
            Point alone = point(scored, t, false);
            sb.append(String.format("  %9.2f  %9.3f  %6.3f  %5d       (%.3f %.3f)%n", t, v.precision(), v.recall(),
                    v.falsePositives(), alone.precision(), alone.recall()));
        }
        return sb.toString();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // unit vectors
    }
}
