package io.llmgateway.common.config;

import java.net.URI;

/**
 * Traces: {@code tracing}. Trace context always travels (HTTP {@code traceparent}, Kafka record
 * headers, the provider call) and every log line of a request carries its trace id; spans leave
 * the process only when an OTLP endpoint is set.
 *
 * @param otlpEndpoint where spans are exported, OTLP over HTTP (for example
 *     {@code http://127.0.0.1:4318/v1/traces}); null: no exporter, and spans are not recorded
 *     unless the caller's {@code traceparent} asked for it
 * @param samplingRatio the share of new traces (those without a caller's decision) recorded when
 *     exporting, 0..1; a caller's sampled flag is always followed
 */
public record TracingSettings(URI otlpEndpoint, Double samplingRatio) {

    public static final TracingSettings DEFAULTS = new TracingSettings(null, null);

    public TracingSettings {
        samplingRatio = samplingRatio == null ? 1.0 : samplingRatio;
        if (samplingRatio < 0 || samplingRatio > 1) {
            throw new ConfigException("sampling_ratio must be between 0 and 1, was " + samplingRatio);
        }
        if (otlpEndpoint != null && !("http".equals(otlpEndpoint.getScheme())
                || "https".equals(otlpEndpoint.getScheme()))) {
            throw new ConfigException("otlp_endpoint must be an http or https URL, was " + otlpEndpoint);
        }
    }

    /** Whether spans are exported. */
    public boolean exporting() {
        return otlpEndpoint != null;
    }
}
