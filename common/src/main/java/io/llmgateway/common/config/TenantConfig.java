package io.llmgateway.common.config;

import java.util.List;
import java.util.Map;

/**
 * A tenant: its projects, API keys, and the limits and budgets accounting enforces.
 *
 * @param models aliases this tenant may use; empty means all
 * @param limits rate limits of the whole tenant (all its projects together)
 * @param budget spending limits of the whole tenant
 * @param projectQuotas limits and budgets of single projects, on top of the tenant's
 * @param batchSigningKeyEnv the environment variable holding the tenant's batch key: records it
 *     produces straight to the requests topic must be signed with it; unset: the tenant cannot
 *     produce there (only through the ingress)
 */
public record TenantConfig(List<String> projects, List<ApiKeyConfig> apiKeys, List<String> models,
                           RateLimits limits, BudgetLimits budget, Map<String, Quota> projectQuotas,
                           String batchSigningKeyEnv) {

    /** The project of a request that names none (a batch producer may leave it out). */
    public static final String DEFAULT_PROJECT = "default";

    /**
     * Projects a tenant may have. Accounting keeps a tenant's windows and budgets, every project's
     * included, in one Kafka record: this keeps that record far below the record limit (a full
     * ledger of this many projects is measured in accounting-stream's TenantLedgerSizeTest).
     */
    public static final int MAX_PROJECTS = 100;

    public TenantConfig {
        projects = projects == null || projects.isEmpty() ? List.of(DEFAULT_PROJECT) : List.copyOf(projects);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        models = models == null ? List.of() : List.copyOf(models);
        limits = limits == null ? RateLimits.NONE : limits;
        budget = budget == null ? BudgetLimits.NONE : budget;
        projectQuotas = projectQuotas == null ? Map.of() : Map.copyOf(projectQuotas);
        batchSigningKeyEnv = batchSigningKeyEnv == null || batchSigningKeyEnv.isBlank() ? null : batchSigningKeyEnv;
        if (projects.size() > MAX_PROJECTS) {
            throw new IllegalArgumentException("projects: at most " + MAX_PROJECTS + " per tenant, was "
                    + projects.size() + " (accounting keeps a tenant's projects in one Kafka record)");
        }
        for (String project : projectQuotas.keySet()) {
            if (!projects.contains(project)) {
                throw new IllegalArgumentException("project_quotas: unknown project '" + project + "' (known: "
                        + projects + ")");
            }
        }
    }

    /** A tenant that produces only through the ingress. */
    public TenantConfig(List<String> projects, List<ApiKeyConfig> apiKeys, List<String> models,
                        RateLimits limits, BudgetLimits budget, Map<String, Quota> projectQuotas) {
        this(projects, apiKeys, models, limits, budget, projectQuotas, null);
    }

    /** A tenant without limits or budgets. */
    public TenantConfig(List<String> projects, List<ApiKeyConfig> apiKeys, List<String> models) {
        this(projects, apiKeys, models, null, null, null);
    }

    public boolean mayUse(String model) {
        return models.isEmpty() || models.contains(model);
    }

    /** The tenant-wide limits and budget. */
    public Quota quota() {
        return new Quota(limits, budget);
    }

    /** A project's own limits and budget; none when the config gives none. */
    public Quota projectQuota(String project) {
        return projectQuotas.getOrDefault(project, Quota.NONE);
    }
}
