package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The mock provider the dev launcher starts.
 *
 * @param port where it listens; null (not set): {@link #STANDALONE_PORT} when it runs on its own,
 *     a free port in the dev launcher (the providers pointing at 127.0.0.1:8099 follow it); 0: a
 *     free port
 * @param latency delay before the response (non-streaming) or before the first token (streaming)
 * @param tokensPerSecond streaming speed after the first token; 0 means as fast as possible
 * @param response the text it answers; null echoes the last user message
 */
public record MockProviderSettings(String host, Integer port, Duration latency, double tokensPerSecond,
                                   String response) {

    /** Where the mock listens when run on its own and no port is set; also the address providers name. */
    public static final int STANDALONE_PORT = 8099;

    public static final MockProviderSettings DEFAULTS = new MockProviderSettings(null, null, null, 0, null);

    public MockProviderSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        latency = latency == null ? Duration.ZERO : latency;
        if (tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokens_per_second must be >= 0");
        }
    }

    /** The port set, or {@code unset} when none is. */
    public int portOr(int unset) {
        return port == null ? unset : port;
    }
}
