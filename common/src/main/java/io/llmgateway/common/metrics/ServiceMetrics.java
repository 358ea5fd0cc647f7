package io.llmgateway.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one process, scraped by Prometheus from an HTTP endpoint ({@code GET /metrics} on
 * the ingress; the query port of the accounting app). Every meter carries the tag
 * {@code service}: one process may run several services (the dev launcher runs them all).
 *
 * <p>Only counts, durations and states are recorded, never a key, a prompt or an answer: tags are
 * tenant ids, model aliases, providers and outcomes at most.
 */
public final class ServiceMetrics implements AutoCloseable {

    /** What {@code GET /metrics} answers with: Prometheus' text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Kafka Streams tags a state store's meters by the store's type ({@code in-memory-state-id},
     * {@code rocksdb-window-state-id}, ...), so one meter name gets different tag keys, which
     * Prometheus refuses: one key, {@code state.id}, and the type as {@code store.type}.
     */
    private static final MeterFilter ONE_STATE_STORE_TAG = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith("kafka.stream.state")) {
                return id;
            }
            List<Tag> tags = new ArrayList<>();
            for (Tag tag : id.getTagsAsIterable()) {
                if (tag.getKey().endsWith("state.id") || tag.getKey().endsWith("state-id")) {
                    tags.add(Tag.of("state.id", tag.getValue()));
                    tags.add(Tag.of("store.type", tag.getKey().replaceAll("[.-]?state[.-]id$", "")));
                } else {
                    tags.add(tag);
                }
            }
            return id.replaceTags(tags);
        }
    };

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();

    /** @param service the process's name as the {@code service} tag shows it, e.g. "ingress" or "gateway" */
    public ServiceMetrics(String service) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service).meterFilter(ONE_STATE_STORE_TAG);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        heapPressure.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where the services register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        heapPressure.close();
        registry.close();
    }
}
