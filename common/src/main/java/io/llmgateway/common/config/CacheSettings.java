package io.llmgateway.common.config;

/** The cache service. */
public record CacheSettings(String groupId) {

    public static final CacheSettings DEFAULTS = new CacheSettings(null);

    public CacheSettings {
        groupId = groupId == null || groupId.isBlank() ? "llm-cache" : groupId;
    }
}
