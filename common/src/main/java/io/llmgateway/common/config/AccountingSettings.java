package io.llmgateway.common.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The accounting Kafka Streams app.
 *
 * @param commitInterval under exactly-once, outputs become visible to read_committed readers only
 *     at commit, so this interval is added to every request's latency: keep it small
 * @param stateDir where the state stores live; a temporary directory when not set
 * @param defaultMaxTokens output tokens reserved for a request that sets no max_tokens
 * @param maxTokensByModel the same, per model alias, where a model's default differs
 * @param dedupWindow how long a request id is remembered so its usage is counted once
 * @param streamThreads Kafka Streams threads of one instance
 * @param httpHost where accounting's management port (tenant queries, metrics) listens; loopback
 *     by default (instances forward queries to each other: give them a reachable host and a token)
 * @param httpPort its port; 0 picks a free one
 * @param advertisedHost the host other instances reach this one at ({@code application.server});
 *     this machine's name when not set
 * @param statePublishInterval how often changed tenant state and cost rollups are published
 * @param budgetTimeZone the zone whose calendar days and months budget periods follow
 * @param streams extra Kafka Streams properties (for example {@code num.standby.replicas}),
 *     applied last
 */
public record AccountingSettings(String applicationId, Duration commitInterval, String stateDir,
                                 Integer defaultMaxTokens, Map<String, Integer> maxTokensByModel,
                                 Duration dedupWindow, Integer streamThreads, String httpHost, Integer httpPort,
                                 String advertisedHost, Duration statePublishInterval, String budgetTimeZone,
                                 Map<String, String> streams) {

    public static final AccountingSettings DEFAULTS = new AccountingSettings(null, null, null);

    public AccountingSettings {
        applicationId = applicationId == null || applicationId.isBlank() ? "llm-accounting" : applicationId;
        commitInterval = commitInterval == null ? Duration.ofMillis(5) : commitInterval;
        defaultMaxTokens = defaultMaxTokens == null ? 4096 : defaultMaxTokens;
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("default_max_tokens must be >= 1, was " + defaultMaxTokens);
        }
        maxTokensByModel = maxTokensByModel == null ? Map.of() : Map.copyOf(maxTokensByModel);
        maxTokensByModel.forEach((model, tokens) -> {
            if (tokens == null || tokens < 1) {
                throw new IllegalArgumentException("max_tokens_by_model." + model + " must be >= 1, was " + tokens);
            }
        });
        dedupWindow = dedupWindow == null ? Duration.ofHours(24) : dedupWindow;
        if (dedupWindow.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("dedup_window must be at least 1m, was " + dedupWindow);
        }
        streamThreads = streamThreads == null ? 1 : streamThreads;
        if (streamThreads < 1) {
            throw new IllegalArgumentException("stream_threads must be >= 1, was " + streamThreads);
        }
        httpHost = httpHost == null || httpHost.isBlank() ? "127.0.0.1" : httpHost;
        httpPort = httpPort == null ? 0 : httpPort;
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http_port must be 0..65535, was " + httpPort);
        }
        statePublishInterval = statePublishInterval == null ? Duration.ofMillis(250) : statePublishInterval;
        if (statePublishInterval.toMillis() < 1) {
            throw new IllegalArgumentException("state_publish_interval must be at least 1ms");
        }
        budgetTimeZone = budgetTimeZone == null || budgetTimeZone.isBlank() ? "UTC" : budgetTimeZone;
        try {
            ZoneId.of(budgetTimeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("budget_time_zone: unknown zone '" + budgetTimeZone + "'");
        }
        streams = streams == null ? Map.of() : Map.copyOf(streams);
    }

    /** The walking skeleton's three settings; everything else at its default. */
    public AccountingSettings(String applicationId, Duration commitInterval, String stateDir) {
        this(applicationId, commitInterval, stateDir, null, null, null, null, null, null, null, null, null, null);
    }

    /** Output tokens to reserve for a request to {@code model} that sets no max_tokens. */
    public int maxTokensFor(String model) {
        return maxTokensByModel.getOrDefault(model, defaultMaxTokens);
    }

    public ZoneId budgetZone() {
        return ZoneId.of(budgetTimeZone);
    }

    public AccountingSettings withHttpPort(int port) {
        return new AccountingSettings(applicationId, commitInterval, stateDir, defaultMaxTokens, maxTokensByModel,
                dedupWindow, streamThreads, httpHost, port, advertisedHost, statePublishInterval, budgetTimeZone,
                streams);
    }

    public AccountingSettings withApplicationId(String id) {
        return new AccountingSettings(id, commitInterval, stateDir, defaultMaxTokens, maxTokensByModel,
                dedupWindow, streamThreads, httpHost, httpPort, advertisedHost, statePublishInterval, budgetTimeZone,
                streams);
    }
}
