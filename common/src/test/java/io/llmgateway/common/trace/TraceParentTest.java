package io.llmgateway.common.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theTraceIdIsTheSecondField() {
        assertThat(TraceParent.traceId(VALID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.traceId(" " + VALID + " ")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aLaterVersionMayAppendFields() {
        assertThat(TraceParent.traceId("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void malformedOrAbsentValuesAreNoTrace() {
        assertThat(TraceParent.traceId((String) null)).isNull();
        assertThat(TraceParent.traceId("")).isNull();
        assertThat(TraceParent.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
        assertThat(TraceParent.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceParent.traceId(VALID + "-extra")).as("version 00 has exactly four fields").isNull();
        assertThat(TraceParent.traceId("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")).isNull();
    }

    @Test
    void theHeaderOfARecordIsRead() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(TraceParent.traceId(headers)).isNull();
        headers.add(TraceParent.HEADER, VALID.getBytes(StandardCharsets.US_ASCII));
        assertThat(TraceParent.traceId(headers)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceParent.traceId((org.apache.kafka.common.header.Headers) null)).isNull();
    }
}
