package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheSettingsTest {

    private static CacheSettings parse(String cache) {
        return GatewayConfig.parse(new ByteArrayInputStream(("cache: " + cache + "\n").getBytes(StandardCharsets.UTF_8)),
                "test").cache();
    }

    @Test
    void theExampleConfigHasACacheSection() {
        CacheSettings cache = GatewayConfig.load(Path.of("../config/gateway.example.yaml")).cache();
        assertThat(cache.enabled()).isTrue();
        assertThat(cache.similarityThreshold()).isEqualTo(CacheSettings.DEFAULT_SIMILARITY_THRESHOLD);
        assertThat(cache.ttlFor("acme", "gpt-4o-mini")).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void theStricterOfTenantAndModelThresholdWinsAndTheShortestTtl() {
        CacheSettings cache = parse("{similarity_threshold: 0.8, ttl: 24h, tenants: {acme: {similarity_threshold: 0.9,"
                + " ttl: 2h}}, models: {m: {similarity_threshold: 0.95, ttl: 1h}}}");
        assertThat(cache.similarityThresholdFor("acme", "m")).isEqualTo(0.95);
        assertThat(cache.similarityThresholdFor("acme", "other")).isEqualTo(0.9);
        assertThat(cache.similarityThresholdFor("globex", "other")).isEqualTo(0.8);
        assertThat(cache.ttlFor("acme", "other")).isEqualTo(Duration.ofHours(2));
        assertThat(cache.ttlFor("acme", "m")).isEqualTo(Duration.ofHours(1));
        assertThat(cache.ttlFor("globex", "other")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void badFieldsFailWithTheirPath() {
        assertThatThrownBy(() -> parse("{similarity_threshold: 1.5}"))
                .hasMessageContaining("cache: similarity_threshold must be between 0 and 1");
        assertThatThrownBy(() -> parse("{tenants: {acme: {allow: [personal]}}}"))
                .hasMessageContaining("cache.tenants.acme: allow: 'personal' answers are never cached");
        assertThatThrownBy(() -> parse("{embedder: {type: provider}}"))
                .hasMessageContaining("cache.embedder: provider is required");
    }
}
