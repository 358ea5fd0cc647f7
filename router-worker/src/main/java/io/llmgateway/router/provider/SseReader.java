package io.llmgateway.router.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a response body, as the HTML standard's event-stream parsing
 * defines them: {@code event:} and {@code data:} fields, comment lines ({@code :}) skipped, an
 * event dispatched at a blank line, an unfinished event at the end of the stream dropped.
 * Not thread-safe: one reader per response.
 */
public final class SseReader {

    private final BufferedReader lines;

    public SseReader(InputStream body) {
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event; null at the end of the stream. */
    public SseEvent next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString());
                }
                event = null; // an event without data is not dispatched
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // id, retry: nothing a provider stream needs
            }
        }
        return null;
    }
}
