package io.llmgateway.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules classifier on the labelled prompts ({@code eval/cacheability-prompts.tsv}): logs the
 * accuracy per category; any time-sensitive or personal prompt judged cacheable fails, and so
 * does an overall accuracy under 95%.
 */
class ClassifierEvaluationTest {

    private static final Logger log = LoggerFactory.getLogger(ClassifierEvaluationTest.class);

    private record Labelled(int line, String category, String prompt) {}

    private final CacheabilityClassifier classifier = new RuleBasedClassifier();

    @Test
    void accuracyPerCategoryAndNoStaleOrPersonalAnswerIsEverCached() throws IOException {
        List<Labelled> prompts = load();
        assertThat(prompts).hasSizeGreaterThanOrEqualTo(150);

        Map<String, int[]> perCategory = new LinkedHashMap<>(); // category -> {right, total}
        List<String> dangerous = new ArrayList<>();
        int right = 0;
        for (Labelled p : prompts) {
            Cacheability judged = classifier.classify("", p.prompt());
            String got = judged.cacheable() ? "cacheable" : judged.category().label();
            int[] counts = perCategory.computeIfAbsent(p.category(), c -> new int[2]);
            counts[1]++;
            if (got.equals(p.category())) {
                counts[0]++;
                right++;
            } else {
                log.info("line {}: '{}' labelled {}, judged {}", p.line(), p.prompt(), p.category(),
                        judged.reason());
                if (judged.cacheable() && (p.category().equals("time_sensitive") || p.category().equals("personal"))) {
                    dangerous.add(p.prompt());
                }
            }
        }
        StringBuilder table = new StringBuilder("category         accuracy\n");
        perCategory.forEach((category, c) -> table.append(String.format("%-15s  %3d/%-3d %.3f%n", category, c[0],
                c[1], c[0] / (double) c[1])));
        table.append(String.format("%-15s  %3d/%-3d %.3f%n", "all", right, prompts.size(),
                right / (double) prompts.size()));
        log.info("cacheability classifier on {} labelled prompts:\n{}", prompts.size(), table);

        assertThat(dangerous).as("time-sensitive or personal prompts judged cacheable").isEmpty();
        assertThat(right / (double) prompts.size()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void userContextInTheSystemPromptMakesTheAnswerPersonal() {
        Cacheability judged = classifier.classify("The user's name is Dana and the user's plan is Pro.",
                "What is the capital of France?");
        assertThat(judged.category()).isEqualTo(Category.PERSONAL);
        assertThat(judged.reason()).startsWith("personal: \"system prompt:");
    }

    private static List<Labelled> load() throws IOException {
        try (InputStream in = ClassifierEvaluationTest.class.getResourceAsStream("/eval/cacheability-prompts.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Labelled> prompts = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] fields = lines[i].split("\t");
                prompts.add(new Labelled(i + 1, fields[0], fields[1]));
            }
            return prompts;
        }
    }
}
