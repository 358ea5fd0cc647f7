package io.llmgateway.accounting;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How a {@link HeldReservation} is kept in the {@code held-reservations} store: binary like
 * {@link TenantLedgerFormat}, since every admitted request writes one and every usage record
 * deletes it (reading it back). Internal state, not a contract; no JSON from before is read.
 *
 * <p>Version 1, in {@link StateOutput}'s encodings: the record's components in declaration order.
 */
final class HeldReservationFormat {

    static final int VERSION = 1;

    static final Serde<HeldReservation> SERDE = Serdes.serdeFrom(
            (Serializer<HeldReservation>) (topic, held) -> held == null ? null : write(held),
            (Deserializer<HeldReservation>) (topic, bytes) -> bytes == null ? null : read(bytes));

    private HeldReservationFormat() {}

    static byte[] write(HeldReservation held) {
        StateOutput out = new StateOutput(VERSION, 128);
        out.writeString(held.requestId());
        out.writeString(held.tenantId());
        out.writeString(held.projectId());
        out.writeString(held.model());
        out.writeLong(held.tokens());
        out.writeDecimal(held.costUsd());
        out.writeLong(held.admittedAtMs());
        out.writeString(held.dailyPeriod());
        out.writeString(held.monthlyPeriod());
        out.writeLong(held.expiresAtMs());
        return out.toByteArray();
    }

    static HeldReservation read(byte[] bytes) {
        StateInput in = new StateInput(bytes, VERSION, "held reservation");
        HeldReservation held = new HeldReservation(in.readString(), in.readString(), in.readString(), in.readString(),
                in.readLong(), in.readDecimal(), in.readLong(), in.readString(), in.readString(), in.readLong());
        in.end();
        return held;
    }
}
