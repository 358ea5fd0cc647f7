package io.llmgateway.cache.eval;

import io.llmgateway.cache.eval.LabelledSets.Prompt;
import io.llmgateway.cache.policy.Cacheability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a cacheability judge does on a labelled split, per kind: for the uncacheable kinds the
 * share judged cacheable (served from the cache: must stay at or under 2%), for factual
 * prompts the share judged cacheable (must reach 80%).
 */
public record CacheabilityFigures(Map<String, int[]> perKind, List<String> errors) {

    public static CacheabilityFigures of(List<Prompt> prompts, Function<String, Cacheability> judge) {
        Map<String, int[]> perKind = new TreeMap<>(); // kind -> {judged cacheable, total}
        List<String> errors = new ArrayList<>();
        for (Prompt p : prompts) {
            Cacheability judged = judge.apply(p.text());
            int[] counts = perKind.computeIfAbsent(p.kind(), k -> new int[2]);
            counts[1]++;
            if (judged.cacheable()) {
                counts[0]++;
            }
            if (judged.cacheable() != p.cacheable()) {
                errors.add(p.kind() + (p.hard() ? " (hard)" : "") + " judged " + judged.reason() + " | " + p.text());
            }
        }
        return new CacheabilityFigures(perKind, errors);
    }

    /** The share of a kind judged cacheable. */
    public double cachedShare(String kind) {
        int[] c = perKind.getOrDefault(kind, new int[] {0, 0});
        return c[1] == 0 ? 0 : c[0] / (double) c[1];
    }

    /** The largest share of any uncacheable kind that was judged cacheable. */
    public double worstUncacheableServed() {
        return perKind.keySet().stream().filter(k -> !k.equals("factual")).mapToDouble(this::cachedShare).max()
                .orElse(0);
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        perKind.forEach((kind, c) -> sb.append(String.format("  %-9s cached %4d/%-4d %5.1f%%%n", kind, c[0], c[1],
                100.0 * c[0] / c[1])));
        return sb.toString();
    }
}
