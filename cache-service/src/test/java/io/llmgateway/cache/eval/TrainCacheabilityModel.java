package io.llmgateway.cache.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.eval.LabelledSets.Prompt;
import io.llmgateway.cache.eval.LabelledSets.Split;
import io.llmgateway.cache.policy.LearnedCacheability;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains the learned half of the cache policy ({@link LearnedCacheability}) on the training split
 * only, picks the regularisation on the dev split, and writes the model to the given path
 * (normally {@code cache-service/src/main/resources/policy/cacheability-model.txt}). The test
 * split is never read here.
 */
public final class TrainCacheabilityModel {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources" + LearnedCacheability.RESOURCE);
        Linear.disableDebugOutput();
        Linear.resetRandom();
        try (MiniLmEmbedder embedder = new MiniLmEmbedder()) {
            Problem train = problem(LabelledSets.prompts(Split.TRAIN), embedder);
            List<Prompt> dev = LabelledSets.prompts(Split.DEV);
            Feature[][] devX = features(dev, embedder);
            Model best = null;
            double bestAccuracy = -1;
            double bestC = 0;
            for (double c : new double[] {0.25, 0.5, 1, 2, 4, 8, 16, 32}) {
                Model model = Linear.train(train, new Parameter(SolverType.L2R_LR, c, 1e-4));
                int right = 0;
                for (int i = 0; i < dev.size(); i++) {
                    right += (int) Linear.predict(model, devX[i]) == LearnedCacheability.label(dev.get(i).kind()) ? 1 : 0;
                }
                double accuracy = right / (double) dev.size();
                System.out.printf("C=%-5s dev accuracy %.3f%n", c, accuracy);
                if (accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    best = model;
                    bestC = c;
                }
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
                best.save(writer);
            }
            System.out.printf("wrote %s (C=%s, dev accuracy %.3f)%n", out, bestC, bestAccuracy);
        }
    }

    private static Problem problem(List<Prompt> prompts, MiniLmEmbedder embedder) {
        Problem problem = new Problem();
        problem.l = prompts.size();
        problem.n = MiniLmEmbedder.DIMENSION;
        problem.x = features(prompts, embedder);
        problem.y = prompts.stream().mapToDouble(p -> LearnedCacheability.label(p.kind())).toArray();
        problem.bias = 1;
        return problem;
    }

    private static Feature[][] features(List<Prompt> prompts, MiniLmEmbedder embedder) {
        return prompts.stream().map(p -> LearnedCacheability.features(embedder.embed(p.text()))).toArray(Feature[][]::new);
    }
}
