package io.llmgateway.router.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static SseReader reader(String stream) {
        return new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsWithAndWithoutNamesCommentsAndMultiLineDataAreRead() throws Exception {
        SseReader events = reader(": keep-alive\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n"
                + "data: {\"a\":\ndata: 1}\r\n\r\ndata:[DONE]\n\n");
        assertThat(events.next()).isEqualTo(new SseEvent("ping", "{\"type\": \"ping\"}"));
        assertThat(events.next()).isEqualTo(new SseEvent(null, "{\"a\":\n1}"));
        assertThat(events.next()).isEqualTo(new SseEvent(null, "[DONE]"));
        assertThat(events.next()).isNull();
    }

    @Test
    void anEventCutOffBeforeItsBlankLineIsDropped() throws Exception {
        SseReader events = reader("data: one\n\ndata: half");
        assertThat(events.next().data()).isEqualTo("one");
        assertThat(events.next()).isNull();
    }
}
