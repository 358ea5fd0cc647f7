package io.llmgateway.common.config;

import java.time.Duration;

/**
 * The HTTP front.
 *
 * @param instanceId names this instance's reply topic; random when not set
 * @param maxBodyBytes larger request bodies get 413 before they are read whole; at most
 *     {@code kafka.max_record_bytes} minus {@link #RECORD_HEADROOM} (checked by {@link GatewayConfig}),
 *     so that every body under it fits in one Kafka record
 * @param requestTimeout deadline of a request that does not ask for less
 * @param signingKeyEnv the environment variable holding the key the ingress signs its records on
 *     the requests topic with (accounting verifies it); never the key itself
 * @param maxInFlight requests this instance serves at once (streams while open); one more is
 *     answered 503 with {@code retry-after} before its body is read
 * @param maxInFlightPerTenant requests one tenant has in flight on this instance at once; one
 *     more is answered 429 with {@code retry-after} before its body is read
 * @param requestBounds upper bounds on a request's fields ({@code max_tokens}, messages, stop
 *     sequences, tools)
 * @param publishTimeout how long handing a request to Kafka may take (the requests producer's
 *     {@code max.block.ms}, {@code delivery.timeout.ms} and {@code request.timeout.ms}); past it the
 *     caller gets 503 with {@code retry-after} instead of waiting out its deadline on a broker that
 *     is down. Never more than {@code request_timeout}
 */
public record IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout,
                              String signingKeyEnv, int maxInFlight, int maxInFlightPerTenant,
                              RequestBounds requestBounds, Duration publishTimeout) {

    /** In-flight requests per instance unless set: well under what a few GiB of heap hold at the body limit. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    /** In-flight requests per tenant and instance unless set: one tenant cannot take the whole instance. */
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_TENANT = 256;

    /** The publish timeout unless set: a healthy broker acknowledges in milliseconds, a leader election takes seconds. */
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

    /** Declared after the defaults it uses: static fields initialise in order. */
    public static final IngressSettings DEFAULTS = new IngressSettings(null, 0, null, 0, null, null);

    /**
     * Room a request's record needs beside the body's content: the fields the ingress adds
     * (ids, tenant, project, reply topic, deadline, token estimate), its headers (the signature)
     * and Kafka's record and batch overhead.
     */
    public static final int RECORD_HEADROOM = 64 * 1024;

    /** The body limit unless set: what fits in a record of Kafka's default size. */
    public static final long DEFAULT_MAX_BODY_BYTES = KafkaSettings.DEFAULT_MAX_RECORD_BYTES - RECORD_HEADROOM;

    /** Where the signing key is unless {@code ingress.signing_key_env} says otherwise. */
    public static final String DEFAULT_SIGNING_KEY_ENV = "GATEWAY_INGRESS_SIGNING_KEY";

    public IngressSettings {
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        port = port == 0 ? 8080 : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        maxBodyBytes = maxBodyBytes <= 0 ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        signingKeyEnv = signingKeyEnv == null || signingKeyEnv.isBlank() ? DEFAULT_SIGNING_KEY_ENV : signingKeyEnv;
        if (maxInFlight < 0 || maxInFlightPerTenant < 0) {
            throw new IllegalArgumentException("max_in_flight and max_in_flight_per_tenant must be at least 1");
        }
        maxInFlight = maxInFlight == 0 ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
        maxInFlightPerTenant = maxInFlightPerTenant == 0
                ? Math.min(DEFAULT_MAX_IN_FLIGHT_PER_TENANT, maxInFlight) : maxInFlightPerTenant;
        requestBounds = requestBounds == null ? RequestBounds.DEFAULTS : requestBounds;
        publishTimeout = publishTimeout == null ? DEFAULT_PUBLISH_TIMEOUT : publishTimeout;
        if (publishTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("publish_timeout must be at least 1ms, was " + publishTimeout);
        }
        publishTimeout = publishTimeout.compareTo(requestTimeout) > 0 ? requestTimeout : publishTimeout;
        if (instanceId != null && instanceId.startsWith(TopicNames.BATCH_REPLY_MARK)) {
            throw new IllegalArgumentException("instance_id must not start with '" + TopicNames.BATCH_REPLY_MARK
                    + "' (reply topics under it belong to batch tenants)");
        }
    }

    /** Default caps and bounds. */
    public IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout,
                           String signingKeyEnv) {
        this(host, port, instanceId, maxBodyBytes, requestTimeout, signingKeyEnv, 0, 0, null, null);
    }

    /** The settings with another host and port (the rest as configured). */
    public IngressSettings(String host, int port, String instanceId, long maxBodyBytes, Duration requestTimeout) {
        this(host, port, instanceId, maxBodyBytes, requestTimeout, null);
    }
}
