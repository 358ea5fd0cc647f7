package io.llmgateway.common.config;

/**
 * The router workers.
 *
 * @param maxInFlight requests one instance works on at once; its partitions pause beyond that
 */
public record RouterSettings(String groupId, int maxInFlight) {

    public static final RouterSettings DEFAULTS = new RouterSettings(null, 0);

    public RouterSettings {
        groupId = groupId == null || groupId.isBlank() ? "llm-router" : groupId;
        maxInFlight = maxInFlight <= 0 ? 512 : maxInFlight;
    }
}
