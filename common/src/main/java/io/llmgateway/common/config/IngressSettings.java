package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The HTTP front.
 *
 * @param instanceId names this instance's reply topic; random when not set
 * @param maxBodyBytes larger request bodies get 413 before they are read whole
 * @param requestTimeout deadline of a request that does not ask for less
 */
public record IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout) {

    public static final IngressSettings DEFAULTS = new IngressSettings(null, 0, null, 0, null);

    public IngressSettings {
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        port = port == 0 ? 8080 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        maxBodyBytes = maxBodyBytes <= 0 ? 4L * 1024 * 1024 : maxBodyBytes;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }
}
