package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The HTTP front.
 *
 * @param instanceId names this instance's reply topic; random when not set
 * @param maxBodyBytes larger request bodies get 413 before they are read whole
 * @param requestTimeout deadline of a request that does not ask for less
 * @param signingKeyEnv the environment variable holding the key the ingress signs its records on
 *     the requests topic with (accounting verifies it); never the key itself
 */
public record IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout,
                              String signingKeyEnv) {

    public static final IngressSettings DEFAULTS = new IngressSettings(null, 0, null, 0, null, null);

    /** Where the signing key is unless {@code ingress.signing_key_env} says otherwise. */
    public static final String DEFAULT_SIGNING_KEY_ENV = "GATEWAY_INGRESS_SIGNING_KEY";

    public IngressSettings {
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        port = port == 0 ? 8080 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        maxBodyBytes = maxBodyBytes <= 0 ? 4L * 1024 * 1024 : maxBodyBytes;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        signingKeyEnv = signingKeyEnv == null || signingKeyEnv.isBlank() ? DEFAULT_SIGNING_KEY_ENV : signingKeyEnv;
        if (instanceId != null && instanceId.startsWith(TopicNames.BATCH_REPLY_MARK)) {
            throw new IllegalArgumentException("instance_id must not start with '" + TopicNames.BATCH_REPLY_MARK
                    + "' (reply topics under it belong to batch tenants)");
        }
    }

    /** The settings with another host and port (the rest as configured). */
    public IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout) {
        this(host, port, instanceId, maxBodyBytes, requestTimeout, null);
    }
}
