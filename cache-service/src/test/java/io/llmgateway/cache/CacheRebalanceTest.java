package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cache instances share the partitions; when one leaves, the other builds the shards it is
 * given from the entries topic and serves their tenants; a purge then empties a tenant wherever
 * its shard is.
 */
class CacheRebalanceTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path first;

    @TempDir
    Path second;

    /** One tenant per partition, so both instances own some of them. */
    private static List<String> tenantPerPartition() {
        List<String> tenants = new ArrayList<>();
        for (int p = 0; p < CacheRig.PARTITIONS; p++) {
            for (int i = 0; ; i++) {
                if (TenantPartitions.partitionOf("tenant-" + i, CacheRig.PARTITIONS) == p) {
                    tenants.add("tenant-" + i);
                    break;
                }
            }
        }
        return tenants;
    }

    @Test
    void theRemainingInstanceBuildsTheShardsItIsGivenAndAPurgeReachesThem() throws Exception {
        List<String> tenants = tenantPerPartition();
        try (MiniLmEmbedder embedder = new MiniLmEmbedder(); CacheRig rig = new CacheRig(KAFKA.bootstrapServers(),
                embedder)) {
            rig.start(CacheRig.indexDirSection(first));
            CacheService other = rig.startAnother(CacheRig.indexDirSection(second));
            try {
                for (String tenant : tenants) {
                    rig.cache(tenant, "What is the boiling point of water at sea level?", "100 degrees Celsius, for " + tenant);
                }
            } finally {
                other.close(); // its partitions move to the first instance
            }

            for (String tenant : tenants) {
                CacheRig.Answer answer = rig.askUntil("HIT",
                        () -> rig.question(tenant, "What is the boiling point of water at sea level?"));
                assertThat(answer.reply().content()).isEqualTo("100 degrees Celsius, for " + tenant);
                assertThat(rig.ask(tenant, "At sea level, what is the boiling point of water?").reply().content())
                        .as("semantic hit within the tenant").isEqualTo("100 degrees Celsius, for " + tenant);
            }

            String purged = tenants.getLast();
            assertThat(rig.purge(purged).statusCode()).isEqualTo(202);
            rig.askUntil("MISS", () -> rig.question(purged, "What is the boiling point of water at sea level?"));
            assertThat(rig.ask(purged, "At sea level, what is the boiling point of water?").status()).isEqualTo("MISS");
            assertThat(rig.ask(tenants.getFirst(), "What is the boiling point of water at sea level?").status())
                    .isEqualTo("HIT");
        }
    }
}
