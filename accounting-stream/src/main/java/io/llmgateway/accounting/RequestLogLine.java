package io.llmgateway.accounting;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmgateway.schemas.Json;
import io.llmgateway.schemas.RequestLogRecord;
import java.util.Locale;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log as one log line per request, at INFO on the logger {@value #LOGGER}. In the
 * JSON log format the line carries the whole record under {@code request_log}, written by the
 * topic's own JSON mapping (exact {@code cost_usd}); in the text format the message alone says
 * what happened. Neither has prompt, answer or key: the record holds none.
 */
public final class RequestLogLine {

    /** The logger's name: its level is set apart from the services' per-hop lines. */
    public static final String LOGGER = "llm.request.log";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private RequestLogLine() {}

    public static void write(RequestLogRecord entry) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            // A record that validated in its constructor always serializes; say so if one does not.
            log.warn("request {}: the request log entry could not be written as JSON", entry.requestId(), e);
            return;
        }
        log.info(Markers.appendRaw("request_log", json),
                "request {} {}: tenant {}, {} via {}, {}+{} tokens, ${}, {} ms", entry.requestId(),
                entry.status().name().toLowerCase(Locale.ROOT), entry.tenantId(), entry.modelRequested(),
                entry.providerUsed() == null ? (entry.cacheHit() ? "cache" : "no provider") : entry.providerUsed(),
                entry.inputTokens(), entry.outputTokens(), entry.costUsd().toPlainString(), entry.latencyMs());
    }
}
