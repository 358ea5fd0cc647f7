package io.llmgateway.cache.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.llmgateway.common.Listening;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.common.metrics.MetricsServer;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's admin endpoint. The purge needs the operator token ({@code admin.token_env}); without
 * one the server binds to loopback only ({@link AdminAccess}).
 * <ul>
 *   <li>{@code DELETE /admin/cache/tenants/{tenant}}: purges every entry of the tenant. It writes
 *       the tenant's purge marker to the entries topic, in the tenant's partition; the instance
 *       that owns that partition deletes the tenant's entries from its shard and writes a
 *       tombstone for each, so a rebuild never brings them back. Answers 202 with the marker's
 *       offset once the broker has it.
 *   <li>{@code GET /metrics}: the instance's meters in Prometheus' text format (operator token).
 *   <li>{@code GET /healthz}.
 * </ul>
 */
public final class CacheAdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheAdminServer.class);

    private final WebServer server;
    private final String host;

    /**
     * @param port 0 picks a free one
     * @param producer shared with the service, closed by it
     * @param access who may purge and read the meters
     * @param metrics served on {@code GET /metrics}
     */
    public CacheAdminServer(String host, int port, Topic<String, CacheEntry> entries,
                            Producer<String, byte[]> producer, AdminAccess access, ServiceMetrics metrics) {
        this.host = access.bindHost(host, "cache.admin_host");
        HttpRouting.Builder routing = HttpRouting.builder()
                .delete("/admin/cache/tenants/{tenant}", access.guard((req, res) -> {
                    String tenant = req.path().pathParameters().get("tenant");
                    if (tenant.isBlank() || tenant.indexOf(CacheEntry.KEY_SEPARATOR) >= 0) {
                        json(res, 400, "{\"error\":\"not a tenant id\"}");
                        return;
                    }
                    RecordMetadata marker = purge(entries, producer, tenant);
                    log.info("purge of tenant {} requested: marker at {}-{}@{}", tenant, marker.topic(),
                            marker.partition(), marker.offset());
                    json(res, 202, "{\"tenant\":\"" + tenant + "\",\"partition\":" + marker.partition()
                            + ",\"marker_offset\":" + marker.offset() + "}");
                }))
                .get("/metrics", access.guard(MetricsServer.scrapeHandler(metrics)))
                .get("/healthz", (req, res) -> json(res, 200, "{\"status\":\"ok\"}"));
        this.server = Listening.start(WebServer.builder()
                .host(this.host)
                .port(port)
                .shutdownHook(false)
                .routing(routing)
                .build(), this.host, port, "cache.admin_port");
    }

    private static RecordMetadata purge(Topic<String, CacheEntry> entries, Producer<String, byte[]> producer,
                                        String tenant) throws InterruptedException, ExecutionException {
        int partitions = producer.partitionsFor(entries.name()).size();
        int partition = TenantPartitions.partitionOf(tenant, partitions);
        return producer.send(new ProducerRecord<>(entries.name(), partition, CacheEntry.purgeKey(tenant), null)).get();
    }

    private static void json(ServerResponse res, int status, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Where it listens: loopback when no admin token is configured. */
    public String host() {
        return host;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
