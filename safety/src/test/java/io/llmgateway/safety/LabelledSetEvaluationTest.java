package io.llmgateway.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.ContentSafetySettings;
import io.llmgateway.schemas.SafetyCategory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Each built-in detector against the labelled set: recall on the items of its own category, and
 * the share of benign items (numbers, code, hashes, UUIDs, dates, URLs, order numbers, versions)
 * it fires on. Prints train, dev and test figures; the bar (recall >= 0.98, false
 * positives <= 1%) is asserted on the frozen test part only, which no rule was tuned on.
 */
class LabelledSetEvaluationTest {

    private record Item(String kind, String sub, String text, boolean sensitive) {}

    private record Figures(int found, int positives, int falseHits, int benign) {
        double recall() {
            return positives == 0 ? 1 : (double) found / positives;
        }

        double falsePositiveRate() {
            return benign == 0 ? 0 : (double) falseHits / benign;
        }
    }

    private static final List<Detector> DETECTORS =
            ContentFilters.builtInDetectors(ContentSafetySettings.DEFAULT_PHONE_REGIONS).stream()
                    .filter(d -> d.category() != SafetyCategory.PROMPT_INJECTION).toList();

    @Test
    void everyDetectorFindsItsCategoryAndLeavesOrdinaryPromptsAloneOnTheFrozenTestPart() throws IOException {
        report("train");
        report("dev");
        List<Item> test = load("test");
        System.out.println(table("test", test));
        for (Detector detector : DETECTORS) {
            Figures f = figures(detector, test);
            assertThat(f.recall()).as(detector.category() + " recall on test").isGreaterThanOrEqualTo(0.98);
            assertThat(f.falsePositiveRate()).as(detector.category() + " false positives on test")
                    .isLessThanOrEqualTo(0.01);
        }
    }

    private static void report(String part) throws IOException {
        List<Item> items = load(part);
        System.out.println(table(part, items));
        if (Boolean.getBoolean("safety.eval.verbose")) {
            for (Detector detector : DETECTORS) {
                for (Item item : items) {
                    boolean hit = fires(detector, item.text());
                    boolean own = item.kind().equals(detector.category().wireName());
                    if (own && !hit || !item.sensitive() && hit) {
                        System.out.println((own ? "MISS " : "FALSE ") + detector.category() + " " + item.sub() + ": "
                                + item.text());
                    }
                }
            }
        }
    }

    private static String table(String part, List<Item> items) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%s part (%d items)%n%-12s %8s %18s%n",
                part, items.size(), "detector", "recall", "false positives"));
        for (Detector detector : DETECTORS) {
            Figures f = figures(detector, items);
            out.append(String.format(Locale.ROOT, "%-12s %3d/%-3d %5.3f %4d/%-4d %6.2f%%%n",
                    detector.category().wireName(), f.found(), f.positives(), f.recall(), f.falseHits(), f.benign(),
                    100 * f.falsePositiveRate()));
        }
        return out.toString();
    }

    private static Figures figures(Detector detector, List<Item> items) {
        int found = 0;
        int positives = 0;
        int falseHits = 0;
        int benign = 0;
        for (Item item : items) {
            if (item.kind().equals(detector.category().wireName())) {
                positives++;
                found += fires(detector, item.text()) ? 1 : 0;
            } else if (!item.sensitive()) {
                benign++;
                falseHits += fires(detector, item.text()) ? 1 : 0;
            }
        }
        return new Figures(found, positives, falseHits, benign);
    }

    private static boolean fires(Detector detector, String text) {
        List<Span> spans = new ArrayList<>();
        detector.find(text, spans);
        return !spans.isEmpty();
    }

    static List<Item> load(String part) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Item> items = new ArrayList<>();
        try (InputStream in = LabelledSetEvaluationTest.class.getResourceAsStream("/labelled/" + part + ".jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = json.readTree(line);
                items.add(new Item(node.get("kind").asText(), node.path("sub").asText(""), node.get("text").asText(),
                        node.get("sensitive").asBoolean()));
            }
        }
        return items;
    }
}
