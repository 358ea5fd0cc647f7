package io.llmgateway.accounting;

import io.llmgateway.common.config.TenantConfig;

/** The project a request or usage counts against. */
final class Projects {

    private Projects() {}

    /** A batch producer may name no project: it counts against the tenant's default one. */
    static String of(String projectId) {
        return projectId == null || projectId.isBlank() ? TenantConfig.DEFAULT_PROJECT : projectId;
    }
}
