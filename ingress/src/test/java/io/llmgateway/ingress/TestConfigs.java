package io.llmgateway.ingress;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.common.security.Secrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** Gateway configs for the tests: two tenants with known keys, three model aliases. */
final class TestConfigs {

    static final String ACME_KEY = "sk-test-acme-0123456789";
    static final String GLOBEX_KEY = "sk-test-globex-9876543210";
    /** What the ingress signs its records with in the tests. */
    static final String INGRESS_SIGNING_KEY = "ingress-signing-key-for-tests-0123456789";
    static final Secrets SECRETS = Secrets.of(Map.of(IngressSettings.DEFAULT_SIGNING_KEY_ENV, INGRESS_SIGNING_KEY));

    private TestConfigs() {}

    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(ApiKeyAuthenticator.sha256(key));
    }

    /**
     * @param extraIngress YAML lines added under {@code ingress:} (two-space indented)
     */
    static GatewayConfig config(String bootstrapServers, String extraIngress) {
        String yaml = """
                kafka:
                  bootstrap_servers: %s
                  partitions: 2
                ingress:
                  host: 127.0.0.1
                %s
                providers:
                  mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
                models:
                  gpt-4o-mini:
                    deployments: [{provider: mock, model: gpt-4o-mini}]
                  mock-echo:
                    deployments: [{provider: mock, model: mock-echo}]
                  fast:
                    deployments: [{provider: mock, model: gpt-4o}]
                  text-only:
                    deployments: [{provider: mock, model: text-model, accepts_images: false}]
                tenants:
                  acme:
                    projects: [default, research]
                    api_keys:
                      - {id: acme-dev, project: research, sha256: %s}
                  globex:
                    models: [mock-echo]
                    api_keys:
                      - {id: globex-dev, sha256: %s}
                """.formatted(bootstrapServers, extraIngress, sha256Hex(ACME_KEY), sha256Hex(GLOBEX_KEY));
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    static GatewayConfig config() {
        return config("127.0.0.1:9", "  request_timeout: 30s");
    }
}
