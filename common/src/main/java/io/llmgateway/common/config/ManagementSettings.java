package io.llmgateway.common.config;

/**
 * The management port: {@code management}. Every admin route (tenant usage and limits, the cache
 * purge, breaker states, {@code /metrics}, the mock's controls) is served there and nowhere on the
 * public ingress port. {@code ./gateway up} serves all of them on one such port; an ingress run on
 * its own serves its {@code /metrics} there.
 *
 * @param host where it listens; loopback by default (and forced to loopback while no operator
 *     token is configured, see {@code admin.token_env})
 * @param port null: {@link #DEFAULT_PORT} for a service run alone, a free one for
 *     {@code ./gateway up}; 0: a free one
 */
public record ManagementSettings(String host, Integer port) {

    public static final ManagementSettings DEFAULTS = new ManagementSettings(null, null);

    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final int DEFAULT_PORT = 9090;

    public ManagementSettings {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port must be from 0 to 65535 (0: a free one), was " + port);
        }
    }

    /** The configured port, or {@code unset} when the config leaves it out. */
    public int portOr(int unset) {
        return port == null ? unset : port;
    }
}
