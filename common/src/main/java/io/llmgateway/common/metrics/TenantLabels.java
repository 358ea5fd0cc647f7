package io.llmgateway.common.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tenant} label of a meter, bounded: the first {@code limit} tenants seen keep their own
 * label for the life of the process, every later one is {@value #OTHER}. A label never moves from
 * one tenant to another, so a Prometheus series always means the same tenant; the busiest tenants
 * are nearly always among the first seen after a start.
 */
public final class TenantLabels {

    /** The label of every tenant beyond the limit. */
    public static final String OTHER = "other";

    private final int limit;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();

    /** @param limit how many tenants get a label of their own ({@code admin.metrics_top_tenants}) */
    public TenantLabels(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        this.limit = limit;
    }

    public String of(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            return OTHER;
        }
        if (labelled.contains(tenantId)) {
            return tenantId;
        }
        synchronized (labelled) {
            if (labelled.size() < limit && !OTHER.equals(tenantId)) {
                labelled.add(tenantId);
                return tenantId;
            }
        }
        return labelled.contains(tenantId) ? tenantId : OTHER;
    }
}
