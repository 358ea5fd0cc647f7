package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The mock provider the dev launcher starts.
 *
 * @param latency delay before the response (non-streaming) or before the first token (streaming)
 * @param tokensPerSecond streaming speed after the first token; 0 means as fast as possible
 * @param response the text it answers; null echoes the last user message
 */
public record MockProviderSettings(String host, int port, Duration latency, double tokensPerSecond, String response) {

    public static final MockProviderSettings DEFAULTS = new MockProviderSettings(null, 0, null, 0, null);

    public MockProviderSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == 0 ? 8099 : port;
        latency = latency == null ? Duration.ZERO : latency;
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokens_per_second must be >= 0");
        }
    }
}
