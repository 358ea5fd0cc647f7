package io.llmgateway.ingress;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import java.util.Set;

/**
 * The ingress stage of a request's trace: a server span around each API exchange (a stream until
 * its last event), child of the caller's {@code traceparent} or the root of a new trace, current
 * for the handler (so the request record carries it to Kafka) and the trace id of every log line
 * of the exchange. Routes add the request's attributes with {@link #describe}.
 */
final class TracingFilter implements Filter {

    static final HeaderName TRACESTATE = HeaderNames.create(Tracing.TRACESTATE);
    private static final Set<String> TRACED = Set.of("/v1/chat/completions", ApiDialect.MESSAGES_PATH);

    private final Tracing tracing;

    TracingFilter(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!TRACED.contains(path) || req.prologue().method() != Method.POST) {
            chain.proceed();
            return;
        }
        try (Stage stage = tracing.serverStage("POST " + path,
                req.headers().first(ChatCompletionsRoute.TRACEPARENT).orElse(null),
                req.headers().first(TRACESTATE).orElse(null))) {
            stage.set(GenAiAttributes.STAGE, "ingress").set("http.request.method", "POST").set("http.route", path);
            req.context().register(stage);
            try {
                chain.proceed();
            } finally {
                stage.set("http.response.status_code", (long) res.status().code());
                if (res.status().code() >= 500) {
                    stage.failed(String.valueOf(res.status().code()));
                }
            }
        }
    }

    /** Adds the request's attributes to the exchange's span, when there is one. */
    static void describe(ServerRequest req, GatewayRequest request) {
        req.context().get(Stage.class).ifPresent(stage -> stage.request(request));
    }
}
