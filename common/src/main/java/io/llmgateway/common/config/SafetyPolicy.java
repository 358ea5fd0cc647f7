package io.llmgateway.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.llmgateway.schemas.SafetyAction;
import io.llmgateway.schemas.SafetyCategory;
import java.util.EnumMap;
import java.util.Map;

/**
 * What to do with each content-safety category: off, log, redact or block. In the config a map
 * from category to action ({@code {secret: redact, email: log}}); a category it leaves out keeps
 * the action of the level below (model, then the gateway's default).
 */
public record SafetyPolicy(Map<SafetyCategory, SafetyAction> actions) {

    public static final SafetyPolicy EMPTY = new SafetyPolicy(Map.of());

    /**
     * The default when the config says nothing: redact secrets and cards, block a tenant's own
     * block list, log everything else (prompt injection included: it is a heuristic and only flags).
     */
    public static final SafetyPolicy DEFAULT = new SafetyPolicy(defaults());

    public SafetyPolicy {
        actions = actions.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(actions));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SafetyPolicy parse(Map<String, String> byName) {
        Map<SafetyCategory, SafetyAction> actions = new EnumMap<>(SafetyCategory.class);
        byName.forEach((category, action) -> {
            SafetyCategory parsedCategory = SafetyCategory.fromWire(category);
            try {
                actions.put(parsedCategory, SafetyAction.fromWire(action));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(category + ": " + e.getMessage(), e);
            }
        });
        return new SafetyPolicy(actions);
    }

    private static Map<SafetyCategory, SafetyAction> defaults() {
        Map<SafetyCategory, SafetyAction> actions = new EnumMap<>(SafetyCategory.class);
        for (SafetyCategory category : SafetyCategory.values()) {
            actions.put(category, SafetyAction.LOG);
        }
        actions.put(SafetyCategory.SECRET, SafetyAction.REDACT);
        actions.put(SafetyCategory.CARD, SafetyAction.REDACT);
        actions.put(SafetyCategory.BLOCKLIST, SafetyAction.BLOCK);
        return actions;
    }

    /** This policy's actions over {@code below}'s: what this one sets wins. */
    public SafetyPolicy over(SafetyPolicy below) {
        Map<SafetyCategory, SafetyAction> merged = new EnumMap<>(SafetyCategory.class);
        merged.putAll(below.actions);
        merged.putAll(actions);
        return new SafetyPolicy(merged);
    }

    /** The action for a category; {@code log} when no level set one. */
    public SafetyAction action(SafetyCategory category) {
        return actions.getOrDefault(category, SafetyAction.LOG);
    }
}
