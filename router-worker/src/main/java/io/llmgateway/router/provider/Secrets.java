package io.llmgateway.router.provider;

import java.util.regex.Pattern;

/** Removes a provider's key, and anything shaped like a provider key, from text that may be logged or shown. */
public final class Secrets {

    /** OpenAI and Anthropic keys ({@code sk-...}, {@code sk-ant-...}), also half-masked; Google API keys. */
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*.\\-]{3,}|AIza[0-9A-Za-z_\\-]{10,}");

    private final String key;

    /** @param key the provider's key; null when it has none */
    public Secrets(String key) {
        this.key = key == null || key.isBlank() ? null : key;
    }

    public String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = key == null ? text : text.replace(key, "***");
        return KEY_LIKE.matcher(cleaned).replaceAll("***");
    }
}
