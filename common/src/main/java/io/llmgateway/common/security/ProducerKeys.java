package io.llmgateway.common.security;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.TenantConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets that prove who produced a request: the ingress's signing key and each tenant's
 * batch key, read once from the environment variables the config names.
 */
public final class ProducerKeys {

    /** 32 characters: a key from {@code openssl rand -base64 32} has 44. */
    public static final int MIN_LENGTH = 32;

    private final String ingressKey;
    private final Map<String, String> batchKeys;

    private ProducerKeys(String ingressKey, Map<String, String> batchKeys) {
        this.ingressKey = ingressKey;
        this.batchKeys = Map.copyOf(batchKeys);
    }

    /**
     * Every key the config names.
     *
     * @throws io.llmgateway.common.config.ConfigException naming the field when a variable is unset or short
     */
    public static ProducerKeys resolve(GatewayConfig config, Secrets secrets) {
        String ingress = ingressKey(config, secrets);
        Map<String, String> batch = new HashMap<>();
        config.tenants().forEach((tenant, tenantConfig) -> {
            if (tenantConfig.batchSigningKeyEnv() != null) {
                batch.put(tenant, secrets.require("tenants." + tenant + ".batch_signing_key_env",
                        tenantConfig.batchSigningKeyEnv(), MIN_LENGTH));
            }
        });
        return new ProducerKeys(ingress, batch);
    }

    /** Only the ingress's key: what an ingress instance needs to sign its records. */
    public static String ingressKey(GatewayConfig config, Secrets secrets) {
        return secrets.require("ingress.signing_key_env", config.ingress().signingKeyEnv(), MIN_LENGTH);
    }

    public String ingress() {
        return ingressKey;
    }

    /** The batch key of a tenant; empty when the tenant has none (it cannot produce batch records). */
    public Optional<String> batch(String tenantId) {
        return Optional.ofNullable(batchKeys.get(tenantId));
    }

    /** The key {@code signer} signs with for {@code tenantId}. */
    public Optional<String> of(RequestSignature.Signer signer, String tenantId) {
        return switch (signer) {
            case INGRESS -> Optional.of(ingressKey);
            case TENANT -> batch(tenantId);
        };
    }

    @Override
    public String toString() {
        // Never the keys themselves.
        return "ProducerKeys[ingress, batch tenants " + batchKeys.keySet() + "]";
    }
}
