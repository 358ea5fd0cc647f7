package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events to a response and flushes each one, so it leaves at once. A write
 * that fails means the client went away: it surfaces as {@link ClientGone}.
 */
final class SseOut {

    /** The client closed the connection. */
    static final class ClientGone extends IOException {
        ClientGone(Throwable cause) {
            super("the client closed the connection", cause);
        }
    }

    private final OutputStream out;
    private final ObjectMapper json;

    SseOut(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** {@code event: <name>} (when not null) and one {@code data:} line of JSON. */
    void event(String name, Object data) throws ClientGone {
        try {
            write((name == null ? "" : "event: " + name + "\n") + "data: " + json.writeValueAsString(data) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event of " + data.getClass().getSimpleName(), e);
        }
    }

    void raw(String text) throws ClientGone {
        write(text);
    }

    private void write(String text) throws ClientGone {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a closed connection as an unchecked socket exception.
            throw new ClientGone(e);
        }
    }
}
