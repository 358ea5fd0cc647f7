package io.llmgateway.accounting;

import io.llmgateway.common.config.TenantConfig;

/** The project a request or usage counts against. */
final class Projects {

    private Projects() {}

    /** A batch producer may name no project: it counts against the tenant's default one. */
    static String of(String projectId) {
        return projectId == null || projectId.isBlank() ? TenantConfig.DEFAULT_PROJECT : projectId;
    }

    /** A project id as a log line may quote it: a record's field can be any length. */
    static String cap(String projectId) {
        return projectId.length() <= 80 ? projectId : projectId.substring(0, 80) + "...";
    }
}
