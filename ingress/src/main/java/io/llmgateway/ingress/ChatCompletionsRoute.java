package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.openai.ChatCompletion;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.ingress.openai.OpenAiJson;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import java.io.IOException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: authenticate, read and validate the body, publish the
 * request to the pipeline, wait for its reply, answer in OpenAI's format. With an
 * {@code Idempotency-Key}, a retry gets the first answer ({@link Idempotency}).
 */
public final class ChatCompletionsRoute implements Handler {

    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsRoute.class);

    static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    static final HeaderName X_REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName X_GATEWAY_CACHE = HeaderNames.create("x-gateway-cache");
    static final HeaderName X_GATEWAY_CACHE_REASON = HeaderNames.create("x-gateway-cache-reason");
    static final HeaderName X_GATEWAY_CACHE_SIMILARITY = HeaderNames.create("x-gateway-cache-similarity");
    static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");

    private final ApiKeyAuthenticator authenticator;
    private final RequestBodies bodies;
    private final ChatCompletionRequestReader reader;
    private final GatewayRequestMapper mapper;
    private final Pipeline pipeline;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final StreamDriver streams;
    private final EarlyLimits limits;
    private final InFlightLimits inFlight;
    private final Idempotency idempotency;

    /**
     * @param limits refuses plainly-over-limit requests early and sets the x-ratelimit headers
     * @param inFlight the caps on requests in flight, taken before the body is read
     */
    ChatCompletionsRoute(ApiKeyAuthenticator authenticator, RequestBodies bodies, ChatCompletionRequestReader reader,
                         GatewayRequestMapper mapper, Pipeline pipeline, BooleanSupplier ready, Clock clock,
                         EarlyLimits limits, InFlightLimits inFlight, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.reader = reader;
        this.mapper = mapper;
        this.pipeline = pipeline;
        this.ready = ready;
        this.clock = clock;
        this.limits = limits;
        this.inFlight = inFlight;
        this.streams = new StreamDriver(pipeline, clock);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        Headers headers = req.headers();
        Caller caller = authenticator.authenticate(headers.first(HeaderNames.AUTHORIZATION),
                headers.first(X_API_KEY));
        // Before the body is read: a refused request costs no buffer and no parsing.
        try (InFlightLimits.Slot slot = inFlight.acquire(caller.tenantId())) {
            serve(req, res, caller);
        }
    }

    private void serve(ServerRequest req, ServerResponse res, Caller caller) throws IOException, InterruptedException {
        Headers headers = req.headers();
        byte[] raw = bodies.read(req);
        ChatCompletionRequest body = reader.read(raw);
        Idempotency.Call call = idempotency.begin(headers, caller.tenantId(), raw, mapper.map(caller, body,
                Exchanges.joined(headers, HeaderNames.CACHE_CONTROL), headers.first(TRACEPARENT)), pipeline, res);
        GatewayRequest request = call.request();
        TracingFilter.describe(req, request);
        String requestId = request.requestId();
        long startedMs = clock.millis();
        try {
            if (!ready.getAsBoolean()) {
                throw ApiError.notReady();
            }
            limits.admit(request, res::header, pipeline::refused);
            if (request.stream()) {
                res.header(X_REQUEST_ID, requestId);
                streams.run(request, res, out -> new OpenAiStreamFormat(out, requestId, startedMs / 1000,
                        request.model(), body.wantsUsageChunk()), call.pipeline());
                return;
            }
            Reply reply = call.pipeline().send(request);
            ChatCompletion completion = ChatCompletions.from(request, reply, clock.millis());
            res.header(X_REQUEST_ID, requestId);
            Exchanges.cacheHeaders(res, reply);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json(completion));
            log.debug("answered {} status=200 finish={} cache={} latency_ms={}", requestId,
                    completion.choices().getFirst().finishReason(), reply.cache(), clock.millis() - startedMs);
        } catch (ApiError e) {
            res.header(X_REQUEST_ID, requestId);
            ErrorResponses.send(res, e);
            log.debug("answered {} status={} type={} latency_ms={}", requestId, e.status(), e.type(),
                    clock.millis() - startedMs);
        }
    }

    private static byte[] json(Object value) {
        try {
            return OpenAiJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
