package io.llmgateway.cache.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.cache.index.CacheShard;
import io.llmgateway.cache.index.ShardSet;
import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's routes on a management port (the token is the port's business, {@link
 * io.llmgateway.common.management.ManagementServer}):
 * <ul>
 *   <li>{@code DELETE /admin/cache/tenants/{tenant}}: purges every entry of the tenant. It writes
 *       the tenant's purge marker to the entries topic, in the tenant's partition; the instance
 *       that owns that partition deletes the tenant's entries from its shard and writes a
 *       tombstone for each, so a rebuild never brings them back. Answers 202 with the marker's
 *       offset once the broker has it.
 *   <li>{@code GET /admin/cache/shards}: this instance's shards and their entries,
 *       {@code {"entries": n, "shards": [{"partition": p, "entries": n}]}}.
 * </ul>
 */
public final class CacheAdminRoutes implements ManagementRoutes {

    private static final Logger log = LoggerFactory.getLogger(CacheAdminRoutes.class);

    public static final String SHARDS_PATH = "/admin/cache/shards";

    private final Topic<String, CacheEntry> entries;
    private final Producer<String, byte[]> producer;
    private final ShardSet shards;

    /** @param producer shared with the service, closed by it */
    public CacheAdminRoutes(Topic<String, CacheEntry> entries, Producer<String, byte[]> producer, ShardSet shards) {
        this.entries = entries;
        this.producer = producer;
        this.shards = shards;
    }

    @Override
    public void addTo(HttpRouting.Builder routing) {
        routing.delete("/admin/cache/tenants/{tenant}", (req, res) -> {
            String tenant = req.path().pathParameters().get("tenant");
            if (tenant.isBlank() || tenant.indexOf(CacheEntry.KEY_SEPARATOR) >= 0) {
                json(res, 400, "{\"error\":\"not a tenant id\"}");
                return;
            }
            RecordMetadata marker = purge(tenant);
            log.info("purge of tenant {} requested: marker at {}-{}@{}", tenant, marker.topic(),
                    marker.partition(), marker.offset());
            json(res, 202, "{\"tenant\":\"" + tenant + "\",\"partition\":" + marker.partition()
                    + ",\"marker_offset\":" + marker.offset() + "}");
        });
        routing.get(SHARDS_PATH, (req, res) -> json(res, 200, shardsJson()));
    }

    private RecordMetadata purge(String tenant) throws InterruptedException, ExecutionException {
        int partitions = producer.partitionsFor(entries.name()).size();
        int partition = TenantPartitions.partitionOf(tenant, partitions);
        return producer.send(new ProducerRecord<>(entries.name(), partition, CacheEntry.purgeKey(tenant), null)).get();
    }

    private String shardsJson() throws IOException {
        long total = 0;
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (CacheShard shard : shards.all()) {
            int size = shard.size();
            total += size;
            list.add("{\"partition\":" + shard.partition() + ",\"entries\":" + size + "}");
        }
        return "{\"entries\":" + total + ",\"shards\":" + list + "}";
    }

    private static void json(ServerResponse res, int status, String body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
