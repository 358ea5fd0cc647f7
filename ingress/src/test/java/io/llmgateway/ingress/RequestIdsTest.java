package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123Z");

    @Test
    void anIdIsAVersion7UuidWithTheRfcVariant() {
        UUID id = UUID.fromString(new RequestIds(Clock.fixed(NOW, ZoneOffset.UTC)).next());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void theFirst48BitsAreTheUnixMillisOfTheClock() {
        UUID id = UUID.fromString(new RequestIds(Clock.fixed(NOW, ZoneOffset.UTC)).next());

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
        assertThat(id.toString()).startsWith(String.format("%08x-%04x",
                NOW.toEpochMilli() >>> 16, NOW.toEpochMilli() & 0xFFFF));
    }

    @Test
    void allRandomBitsSetStillKeepVersionAndVariant() {
        UUID id = RequestIds.uuidV7(NOW.toEpochMilli(), -1L, -1L);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void idsOfOneMillisecondAreStillUnique() {
        RequestIds ids = new RequestIds(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        String earlier = new RequestIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();
        String later = new RequestIds(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC)).next();

        assertThat(later).isGreaterThan(earlier);
    }
}
