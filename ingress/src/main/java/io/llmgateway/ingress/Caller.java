package io.llmgateway.ingress;

import io.llmgateway.common.config.TenantConfig;

/**
 * Who sent a request, as its API key tells: never the key itself.
 *
 * @param apiKeyId the key's public id from the config; this is what travels on topics
 */
public record Caller(String tenantId, String projectId, String apiKeyId, TenantConfig tenant) {}
