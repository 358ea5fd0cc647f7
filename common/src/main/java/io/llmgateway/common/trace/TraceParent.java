package io.llmgateway.common.trace;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads the trace id out of a W3C {@code traceparent} value
 * ({@code version-traceid-parentid-flags}, lower-case hex), as the request's Kafka records carry it
 * in a header of that name. Anything malformed counts as no trace: a bad header never fails a record.
 */
public final class TraceParent {

    /** The record header (and HTTP header) that carries the trace context. */
    public static final String HEADER = "traceparent";

    /**
     * Version 00 is exactly four fields; later versions may append more after a dash. Version ff
     * is invalid, as are all-zero trace and parent ids.
     */
    private static final Pattern FORMAT =
            Pattern.compile("(?!ff)[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");

    private TraceParent() {}

    /** The 32-hex trace id of a {@code traceparent} value; null when it is absent or malformed. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var match = FORMAT.matcher(traceparent.strip());
        if (!match.matches() || (traceparent.strip().startsWith("00-") && match.group(2) != null)) {
            return null;
        }
        return match.group(1);
    }

    /**
     * A copy of {@code headers} that carries a {@code traceparent}: theirs when they have one,
     * else {@code fromRequest} (the request's own field) when that is set.
     */
    public static Headers orFromRequest(Headers headers, String fromRequest) {
        RecordHeaders copy = new RecordHeaders(headers == null ? new Header[0] : headers.toArray());
        if (copy.lastHeader(HEADER) == null && fromRequest != null) {
            copy.add(HEADER, fromRequest.getBytes(StandardCharsets.US_ASCII));
        }
        return copy;
    }

    /** The trace id of the last {@code traceparent} header; null when there is none or it is malformed. */
    public static String traceId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        return header == null || header.value() == null ? null
                : traceId(new String(header.value(), StandardCharsets.US_ASCII));
    }
}
