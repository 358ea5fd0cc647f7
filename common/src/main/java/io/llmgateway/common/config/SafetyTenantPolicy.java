package io.llmgateway.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A tenant's content-safety settings.
 *
 * @param policy actions per category over the model's and the gateway's default
 * @param models actions per category for one model alias, over this tenant's policy
 * @param blockWords words and phrases (case-insensitive, whole words) of category {@code blocklist}
 * @param blockPatterns Java regular expressions of category {@code blocklist}, compiled at start
 */
public record SafetyTenantPolicy(SafetyPolicy policy, Map<String, SafetyPolicy> models, List<String> blockWords,
                                 List<String> blockPatterns) {

    public SafetyTenantPolicy {
        policy = policy == null ? SafetyPolicy.EMPTY : policy;
        models = models == null ? Map.of() : Map.copyOf(models);
        blockWords = blockWords == null ? List.of() : List.copyOf(blockWords);
        blockPatterns = blockPatterns == null ? List.of() : List.copyOf(blockPatterns);
        for (int i = 0; i < blockWords.size(); i++) {
            if (blockWords.get(i).isBlank()) {
                throw new IllegalArgumentException("block_words[" + i + "]: must not be blank");
            }
        }
        compiled(blockPatterns);
    }

    /** The block patterns compiled, case-insensitive; a bad one names its index. */
    public static List<Pattern> compiled(List<String> patterns) {
        List<Pattern> compiled = new ArrayList<>(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            try {
                compiled.add(Pattern.compile(patterns.get(i), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("block_patterns[" + i + "]: not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        return List.copyOf(compiled);
    }
}
