package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TenantLedgerFormatTest {

    @Test
    void randomLedgersReadBackToTheSameBytesAndAnswers() {
        RandomLedgers ledgers = new RandomLedgers(20260115L);
        for (int i = 0; i < 300; i++) {
            TenantLedger ledger = ledgers.next();
            byte[] bytes = TenantLedgerFormat.write(ledger);
            TenantLedger read = TenantLedgerFormat.read(bytes);

            assertThat(TenantLedgerFormat.write(read)).isEqualTo(bytes);
            assertThat(read.totals()).isEqualTo(ledger.totals());
            assertThat(read.projects().keySet()).containsExactlyElementsOf(ledger.projects().keySet());
            assertSameAnswers(read.tenant(), ledger.tenant(), ledgers.nowMs());
            ledger.projects().forEach((project, scope) ->
                    assertSameAnswers(read.projects().get(project), scope, ledgers.nowMs()));
        }
    }

    @Test
    void anEmptyLedgerReadsBackEmpty() {
        TenantLedger read = TenantLedgerFormat.read(TenantLedgerFormat.write(new TenantLedger()));

        assertThat(read.projects()).isEmpty();
        assertThat(read.totals()).isEqualTo(UsageTotals.NONE);
        assertThat(read.tenant().daily().period()).isNull();
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        byte[] bytes = TenantLedgerFormat.write(new RandomLedgers(1).next());
        bytes[0] = 2;

        assertThatThrownBy(() -> TenantLedgerFormat.SERDE.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("cannot read a tenant ledger: format version 2, this build reads version 1");
    }

    @Test
    void theOldJsonFormatIsRefusedNotMisread() {
        byte[] json = "{\"tenant\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TenantLedgerFormat.read(json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("format version 123");
    }

    @Test
    void truncatedOrPaddedBytesAreRefused() {
        byte[] bytes = TenantLedgerFormat.write(new RandomLedgers(2).next());

        assertThatThrownBy(() -> TenantLedgerFormat.read(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> TenantLedgerFormat.read(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("1 bytes left after it");
        assertThatThrownBy(() -> TenantLedgerFormat.read(new byte[0]))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void nullIsATombstone() {
        assertThat(TenantLedgerFormat.SERDE.serializer().serialize("t", null)).isNull();
        assertThat(TenantLedgerFormat.SERDE.deserializer().deserialize("t", null)).isNull();
    }

    private static void assertSameAnswers(ScopeLedger read, ScopeLedger written, long nowMs) {
        assertThat(read.requests().buckets()).isEqualTo(written.requests().buckets());
        assertThat(read.tokens().buckets()).isEqualTo(written.tokens().buckets());
        assertThat(read.tokens().used(nowMs)).isEqualTo(written.tokens().used(nowMs));
        assertThat(read.tokens().releases(nowMs)).isEqualTo(written.tokens().releases(nowMs));
        assertThat(read.inFlight()).isEqualTo(written.inFlight());
        for (var budgets : new BudgetLedger[][] {{read.daily(), written.daily()}, {read.monthly(), written.monthly()}}) {
            assertThat(budgets[0].period()).isEqualTo(budgets[1].period());
            // Exact decimals: equals compares the scale too.
            assertThat(budgets[0].spentUsd()).isEqualTo(budgets[1].spentUsd());
            assertThat(budgets[0].reservedUsd()).isEqualTo(budgets[1].reservedUsd());
            assertThat(budgets[0].alertedLevels()).containsExactlyElementsOf(budgets[1].alertedLevels());
        }
    }
}
