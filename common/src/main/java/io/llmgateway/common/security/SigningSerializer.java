package io.llmgateway.common.security;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes values as {@code inner} does and signs each one ({@link RequestSignature}): a
 * producer of the requests topic uses it as its value serializer.
 */
public final class SigningSerializer<V> implements Serializer<V> {

    private final Serializer<V> inner;
    private final RequestSignature.Signer signer;
    private final String secret;

    public SigningSerializer(Serializer<V> inner, RequestSignature.Signer signer, String secret) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.signer = Objects.requireNonNull(signer, "signer");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        this.secret = secret;
    }

    @Override
    public byte[] serialize(String topic, V data) {
        throw new UnsupportedOperationException("a signed record needs its headers: serialize(topic, headers, data)");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, V data) {
        byte[] value = inner.serialize(topic, headers, data);
        if (value != null) {
            RequestSignature.addTo(headers, signer, secret, value);
        }
        return value;
    }

    @Override
    public void close() {
        inner.close();
    }
}
