package io.llmgateway.cache.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled evaluation set of the semantic tier: {@code src/test/resources/eval/semantic-pairs.tsv}. */
public record LabelledPairs(List<Pair> pairs) {

    /**
     * @param hit true for a paraphrase (the cached answer fits), false for a near-miss
     * @param kind paraphrase, or the way a near-miss differs (entity, number, negation, ...)
     */
    public record Pair(int line, boolean hit, String kind, String cached, String asked) {}

    public static LabelledPairs load() {
        try (InputStream in = LabelledPairs.class.getResourceAsStream("/eval/semantic-pairs.tsv")) {
            if (in == null) {
                throw new IllegalStateException("eval/semantic-pairs.tsv is not on the test class path");
            }
            List<Pair> pairs = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length != 4 || !(fields[0].equals("hit") || fields[0].equals("miss"))) {
                    throw new IllegalStateException("semantic-pairs.tsv line " + (i + 1) + ": want label, kind, "
                            + "cached, asked separated by tabs");
                }
                pairs.add(new Pair(i + 1, fields[0].equals("hit"), fields[1], fields[2], fields[3]));
            }
            return new LabelledPairs(List.copyOf(pairs));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the evaluation set", e);
        }
    }
}
