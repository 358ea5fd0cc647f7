package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The accounting Kafka Streams app.
 *
 * @param commitInterval under exactly-once, outputs become visible to read_committed readers only
 *     at commit, so this interval is added to every request's latency: keep it small
 */
public record AccountingSettings(String applicationId, Duration commitInterval, String stateDir) {

    public static final AccountingSettings DEFAULTS = new AccountingSettings(null, null, null);

    public AccountingSettings {
        applicationId = applicationId == null || applicationId.isBlank() ? "llm-accounting" : applicationId;
        commitInterval = commitInterval == null ? Duration.ofMillis(5) : commitInterval;
    }
}
