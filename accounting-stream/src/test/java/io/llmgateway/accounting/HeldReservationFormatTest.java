package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HeldReservationFormatTest {

    @Test
    void aReservationReadsBackEqual() {
        RandomLedgers random = new RandomLedgers(7);
        for (int i = 0; i < 100; i++) {
            HeldReservation held = new HeldReservation("req-" + i, "tenant-ü", i % 2 == 0 ? "default" : "research",
                    i % 3 == 0 ? null : "gpt-4o-mini", i * 1_000L, random.decimal(), 1_768_471_200_000L + i,
                    "2026-01-15", "2026-01", -i);

            assertThat(HeldReservationFormat.read(HeldReservationFormat.write(held))).isEqualTo(held);
        }
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        byte[] bytes = HeldReservationFormat.write(new HeldReservation("req-1", "t", "default", "m", 1,
                BigDecimal.ONE, 0, "2026-01-15", "2026-01", 0));
        bytes[0] = 9;

        assertThatThrownBy(() -> HeldReservationFormat.SERDE.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot read a held reservation: format version 9, this build reads version 1");
    }
}
