package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a content-safety detector found: the category, never the matched text. */
public enum SafetyCategory {
    @JsonProperty("card") CARD,
    @JsonProperty("email") EMAIL,
    @JsonProperty("phone") PHONE,
    @JsonProperty("iban") IBAN,
    @JsonProperty("national_id") NATIONAL_ID,
    @JsonProperty("ip_address") IP_ADDRESS,
    @JsonProperty("secret") SECRET,
    /** A tenant's own block list (keywords and regular expressions). */
    @JsonProperty("blocklist") BLOCKLIST,
    /** Text that tries to override the model's instructions; a heuristic, meant to flag. */
    @JsonProperty("prompt_injection") PROMPT_INJECTION;

    /** The name in the config, the usage record and the metrics. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SafetyCategory fromWire(String name) {
        for (SafetyCategory category : values()) {
            if (category.wireName().equals(name)) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown content-safety category '" + name + "' (known: "
                + java.util.Arrays.stream(values()).map(SafetyCategory::wireName).toList() + ")");
    }
}
