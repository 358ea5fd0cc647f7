package io.llmgateway.cache.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.TokenUsage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Lucene index; vectors are made up so the test needs no model. */
class CacheShardTest {

    private static final long NOW = 1_000_000;

    @TempDir
    Path dir;

    private static CacheEntry entry(String tenant, String exact, String prompt, long expiresAt) {
        return new CacheEntry(tenant, "m", exact, "scope", prompt, "answer of " + tenant + "/" + exact,
                FinishReason.STOP, "m-1", "p", new TokenUsage(3, 4, 0), "r-" + exact, NOW - 10, expiresAt);
    }

    private static float[] vector(float x, float y) {
        float[] v = new float[8];
        v[0] = x;
        v[1] = y;
        return v;
    }

    @Test
    void everyQueryIsFilteredByTenant() throws Exception {
        try (CacheShard shard = new CacheShard(0, dir)) {
            shard.put(entry("acme", "k1", "What is DNS?", NOW + 1000), vector(1, 0));
            shard.refreshNow();

            assertThat(shard.exact("acme", "k1", NOW)).isNotNull();
            assertThat(shard.exact("globex", "k1", NOW)).isNull();
            assertThat(shard.nearest("acme", "m", "scope", vector(1, 0), 4, NOW)).singleElement()
                    .satisfies(a -> assertThat(a.similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6)));
            assertThat(shard.nearest("globex", "m", "scope", vector(1, 0), 4, NOW)).isEmpty();
            assertThat(shard.nearest("acme", "m", "other-scope", vector(1, 0), 4, NOW)).isEmpty();
        }
    }

    @Test
    void expiredEntriesAreNeitherFoundNorKept() throws Exception {
        try (CacheShard shard = new CacheShard(0, dir)) {
            shard.put(entry("acme", "k1", "q", NOW + 1000), vector(1, 0));
            shard.refreshNow();
            assertThat(shard.exact("acme", "k1", NOW + 1000)).isNull();
            assertThat(shard.deleteExpired(NOW + 1000)).containsExactly("acme/k1");
            shard.refreshNow();
            assertThat(shard.size()).isZero();
        }
    }

    @Test
    void aPurgeDeletesOnlyThatTenantAndReturnsItsKeys() throws Exception {
        try (CacheShard shard = new CacheShard(0, dir)) {
            shard.put(entry("acme", "k1", "q1", NOW + 1000), vector(1, 0));
            shard.put(entry("acme", "k2", "q2", NOW + 1000), vector(0, 1));
            shard.put(entry("globex", "k1", "q1", NOW + 1000), vector(1, 0));
            assertThat(shard.purge("acme")).containsExactlyInAnyOrder("acme/k1", "acme/k2");
            shard.refreshNow();
            assertThat(shard.exact("acme", "k1", NOW)).isNull();
            assertThat(shard.exact("globex", "k1", NOW)).isNotNull();
        }
    }

    @Test
    void theCommitKeepsTheTopicOffsetForTheNextOpen() throws Exception {
        try (CacheShard shard = new CacheShard(0, dir)) {
            assertThat(shard.committedOffset()).isEmpty();
            shard.put(entry("acme", "k1", "q1", NOW + 1000), vector(1, 0));
            shard.commit(42, NOW);
        }
        try (CacheShard reopened = new CacheShard(0, dir)) {
            assertThat(reopened.committedOffset()).hasValue(42);
            assertThat(reopened.committedAtMs()).hasValue(NOW);
            assertThat(reopened.exact("acme", "k1", NOW)).isNotNull();
        }
    }
}
