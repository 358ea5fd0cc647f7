package io.llmgateway.safety;

import io.llmgateway.schemas.FilterResult;
import io.llmgateway.schemas.SafetyCategory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The content filters' meters: {@code gateway_content_filter_findings_total} by stage, category and
 * action (what was found, counted per finding) and {@code gateway_content_filter_blocked_total}
 * by stage and category (requests refused, answers cut). Names and counts only, never text.
 */
public final class SafetyMeters {

    private final MeterRegistry registry;

    /** @param registry where the meters go; null: nowhere */
    public SafetyMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(List<FilterResult> results) {
        if (registry == null) {
            return;
        }
        for (FilterResult result : results) {
            Counter.builder("gateway.content.filter.findings")
                    .description("content-filter findings, by stage, category and action")
                    .tag("stage", result.stage().name().toLowerCase(Locale.ROOT))
                    .tag("category", result.category().wireName())
                    .tag("action", result.action().wireName())
                    .register(registry)
                    .increment(result.count());
        }
    }

    public void blocked(FilterResult.Stage stage, SafetyCategory category) {
        if (registry == null) {
            return;
        }
        Counter.builder("gateway.content.filter.blocked")
                .description("requests refused and answers cut by a content filter")
                .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                .tag("category", category.wireName())
                .register(registry)
                .increment();
    }
}
