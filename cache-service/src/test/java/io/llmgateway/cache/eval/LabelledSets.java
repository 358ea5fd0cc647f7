package io.llmgateway.cache.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The labelled sets of {@code eval/v2} (see LABELLING.md there): prompts and question pairs, by split. */
public final class LabelledSets {

    private LabelledSets() {}

    /** The training split of the prompts has two parts, by two authors: {@code -train} and {@code -train2}. */
    public enum Split { TRAIN, DEV, TEST;

        List<String> files(String kind) {
            String base = "/eval/v2/" + kind + "-" + name().toLowerCase();
            return this == TRAIN && kind.equals("cacheability") ? List.of(base + ".jsonl", base + "2.jsonl")
                    : List.of(base + ".jsonl");
        }
    }

    /** A prompt and whether its answer may be cached; {@code kind} is factual, time, personal, creative or random. */
    public record Prompt(String text, boolean cacheable, String kind, boolean hard) {}

    /** Question {@code a} asked first, then {@code b}; {@code same} when a's answer is right for b. */
    public record Pair(String a, String b, boolean same, String kind) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Prompt> prompts(Split split) {
        return split.files("cacheability").stream().flatMap(file -> read(file).stream())
                .map(n -> new Prompt(n.get("p").asText(), n.get("cache").asBoolean(), n.get("kind").asText(),
                        n.path("hard").asBoolean(false)))
                .toList();
    }

    public static List<Pair> pairs(Split split) {
        return split.files("pairs").stream().flatMap(file -> read(file).stream())
                .map(n -> new Pair(n.get("a").asText(), n.get("b").asText(), n.get("same").asBoolean(),
                        n.get("kind").asText()))
                .toList();
    }

    private static List<JsonNode> read(String resource) {
        try (InputStream in = LabelledSets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing labelled set " + resource);
            }
            List<JsonNode> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
