package io.llmgateway.cache.eval;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.eval.LabelledSets.Split;
import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.cache.policy.Cacheability;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.policy.LinguisticClassifier;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Prints the policy's figures on the given splits ({@code train dev}; {@code -v} lists every
 * error): the rules alone, the learned model alone and both together, at several bars for the
 * model. A tuning aid: the test split is reported by {@code CacheabilityEvaluationTest}, and is
 * never tuned on.
 */
public final class EvaluateCacheability {

    public static void main(String[] args) {
        LinguisticClassifier rules = new LinguisticClassifier(Lexicon.shared(), Clock.systemUTC());
        boolean verbose = Arrays.asList(args).contains("-v");
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            for (String arg : args) {
                if (arg.startsWith("-")) {
                    continue;
                }
                Split split = Split.valueOf(arg.toUpperCase());
                List<LabelledSets.Prompt> prompts = LabelledSets.prompts(split);
                CacheabilityFigures byRules = CacheabilityFigures.of(prompts, p -> rules.classify("", p));
                System.out.println(split + " rules alone:\n" + byRules.table());
                for (double bar : new double[] {0.3, 0.4, 0.5, 0.6}) {
                    LearnedCacheability model = LearnedCacheability.shipped(bar);
                    CacheabilityFigures both = CacheabilityFigures.of(prompts, p -> {
                        Cacheability judged = rules.classify("", p);
                        return judged.cacheable() ? model.judge(embedder.embed(p)) : judged;
                    });
                    System.out.printf("%s rules + model at %.2f: worst uncacheable served %.1f%%, factual cached %.1f%%%n%s",
                            split, bar, 100 * both.worstUncacheableServed(), 100 * both.cachedShare("factual"),
                            both.table());
                    if (verbose && bar == 0.5) {
                        both.errors().forEach(e -> System.out.println("  " + e));
                    }
                }
            }
        }
    }
}
