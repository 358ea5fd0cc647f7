package io.llmgateway.common.config;

import java.util.List;

/**
 * A tenant: its projects and API keys. Limits and budgets join this record with the
 * accounting work.
 *
 * @param models aliases this tenant may use; empty means all
 */
public record TenantConfig(List<String> projects, List<ApiKeyConfig> apiKeys, List<String> models) {

    public TenantConfig {
        projects = projects == null || projects.isEmpty() ? List.of("default") : List.copyOf(projects);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        models = models == null ? List.of() : List.copyOf(models);
    }

    public boolean mayUse(String model) {
        return models.isEmpty() || models.contains(model);
    }
}
