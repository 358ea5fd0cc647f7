package io.llmgateway.common.config;

import java.util.HexFormat;

/**
 * An API key as the config stores it: the SHA-256 of the key, never the key.
 *
 * @param id the key's public id; this, not the key, travels on topics
 */
public record ApiKeyConfig(String id, String project, String sha256) {

    public ApiKeyConfig {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required");
        }
        if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits (the SHA-256 of the key)");
        }
        sha256 = sha256.toLowerCase();
    }

    public byte[] hashBytes() {
        return HexFormat.of().parseHex(sha256);
    }
}
