package io.llmgateway.common.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.llmgateway.schemas.GatewayRequest;
import java.util.List;
import org.slf4j.MDC;

/**
 * One span of a request: a stage (ingress, admission, cache lookup, router) or one provider
 * attempt. Open on the thread that does the work, close on the same thread (try-with-resources):
 * while open it is the current context, which producers write into record headers and provider
 * calls into {@code traceparent}, and its trace id is the {@code trace_id} of every log line.
 * Attributes on a span that is not recorded cost nothing.
 */
public final class Stage implements AutoCloseable {

    /** The MDC key of the trace id in log lines. */
    public static final String TRACE_ID = "trace_id";

    private final Span span;
    private final Scope scope;
    private final String previousTraceId;

    Stage(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        this.previousTraceId = MDC.get(TRACE_ID);
        MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
    }

    /** Sets a string attribute; null values are left out. */
    public Stage set(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    public Stage set(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    /** Sets a number attribute; null values are left out. */
    public Stage set(String key, Double value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    /** Sets an integer attribute; null values are left out. */
    public Stage set(String key, Integer value) {
        if (value != null) {
            span.setAttribute(key, value.longValue());
        }
        return this;
    }

    public Stage set(String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            span.setAttribute(AttributeKey.stringArrayKey(key), values);
        }
        return this;
    }

    /**
     * The attributes every stage of a request carries: its id, tenant, the GenAI operation and the
     * requested model (the caller's alias), {@code max_tokens} and temperature. Never its text.
     */
    public Stage request(GatewayRequest request) {
        set(GenAiAttributes.REQUEST_ID, request.requestId());
        set(GenAiAttributes.TENANT, request.tenantId());
        set(GenAiAttributes.OPERATION_NAME, GenAiAttributes.CHAT);
        set(GenAiAttributes.REQUEST_MODEL, request.model());
        if (request.params() != null) {
            set(GenAiAttributes.REQUEST_MAX_TOKENS, request.params().maxTokens());
            set(GenAiAttributes.REQUEST_TEMPERATURE, request.params().temperature());
            set(GenAiAttributes.REQUEST_TOP_P, request.params().topP());
        }
        return this;
    }

    /** Marks the stage failed: status error, and {@code error.type} (a class of failure, never user text). */
    public Stage failed(String errorType) {
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
        return this;
    }

    /** The trace's id, 32 hex digits. */
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** Ends the span and makes the context before it current again. */
    @Override
    public void close() {
        span.end();
        scope.close();
        if (previousTraceId == null) {
            MDC.remove(TRACE_ID);
        } else {
            MDC.put(TRACE_ID, previousTraceId);
        }
    }
}
