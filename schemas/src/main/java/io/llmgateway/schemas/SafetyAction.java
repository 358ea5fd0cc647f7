package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What the gateway does with a category's findings, by policy. */
public enum SafetyAction {
    /** The category's detector does not run. */
    @JsonProperty("off") OFF,
    /** Found and counted (usage record, request log, metrics); the text passes unchanged. */
    @JsonProperty("log") LOG,
    /** Each finding is replaced by {@code [redacted:<category>]}. */
    @JsonProperty("redact") REDACT,
    /** The request is refused (content_filter); an answer ends with finish reason content_filter. */
    @JsonProperty("block") BLOCK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SafetyAction fromWire(String name) {
        for (SafetyAction action : values()) {
            if (action.wireName().equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown content-safety action '" + name + "' (known: off, log, redact, block)");
    }
}
