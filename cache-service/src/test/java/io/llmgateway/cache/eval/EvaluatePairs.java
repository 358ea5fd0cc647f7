package io.llmgateway.cache.eval;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.eval.LabelledSets.Pair;
import io.llmgateway.cache.eval.LabelledSets.Split;
import io.llmgateway.cache.verify.ParaphraseVerifier;
import io.llmgateway.cache.verify.QuestionReader;
import io.llmgateway.cache.verify.Verdict;
import java.util.Arrays;
import java.util.List;

/**
 * Prints the semantic tier's precision and recall on the given pair splits ({@code train dev};
 * {@code -v} lists every wrong decision at 0.80): a pair is served when the MiniLM cosine reaches
 * the threshold and the verifier accepts. A tuning aid; the test split is reported by {@code
 * SemanticEvaluationTest} and never tuned on.
 */
public final class EvaluatePairs {

    public static void main(String[] args) {
        QuestionReader reader = new QuestionReader();
        ParaphraseVerifier verifier = new ParaphraseVerifier(reader);
        boolean verbose = Arrays.asList(args).contains("-v");
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            for (String arg : args) {
                if (arg.startsWith("-")) {
                    continue;
                }
                List<Pair> pairs = LabelledSets.pairs(Split.valueOf(arg.toUpperCase()));
                List<PairFigures.Scored> scored = PairFigures.score(pairs, embedder, verifier);
                System.out.println(arg + ":\n" + PairFigures.curve(scored));
                if (verbose) {
                    for (PairFigures.Scored s : scored) {
                        if (s.served(0.80) != s.pair().same()) {
                            System.out.printf("  %s %s %.3f %s | %s | %s%n", s.pair().same() ? "missed" : "FALSE HIT",
                                    s.pair().kind(), s.similarity(), s.verdict().reason(), s.pair().a(), s.pair().b());
                            if (Arrays.asList(args).contains("-vv")) {
                                var qa = reader.read(s.pair().a());
                                var qb = reader.read(s.pair().b());
                                System.out.printf("      %s %s %s %s%n      %s %s %s %s%n", qa.form(), qa.tense(),
                                        qa.content(), qa.roles(), qb.form(), qb.tense(), qb.content(), qb.roles());
                            }
                        }
                    }
                }
            }
        }
    }
}
