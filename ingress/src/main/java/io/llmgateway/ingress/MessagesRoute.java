package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.anthropic.Message;
import io.llmgateway.ingress.anthropic.MessagesRequest;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import java.io.IOException;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/messages}, Anthropic's Messages API: authenticate ({@code x-api-key} or
 * {@code Authorization: Bearer}), read and validate the body, publish the request to the
 * pipeline, answer with a {@code Message} or its event stream. Errors are in Anthropic's shape.
 * With an {@code Idempotency-Key}, a retry gets the first answer ({@link Idempotency}).
 * {@code anthropic-version} is accepted whatever its value: the answer is the 2023-06-01 format
 * every version since uses.
 */
final class MessagesRoute implements Handler {

    private static final Logger log = LoggerFactory.getLogger(MessagesRoute.class);

    /** Anthropic's SDKs read the request id from this header. */
    static final HeaderName REQUEST_ID = HeaderNames.create("request-id");

    private final ApiKeyAuthenticator authenticator;
    private final RequestBodies bodies;
    private final JsonBodyReader<MessagesRequest> reader =
            new JsonBodyReader<>(AnthropicJson.MAPPER, MessagesRequest.class);
    private final MessagesRequestMapper mapper;
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
    MessagesRoute(ApiKeyAuthenticator authenticator, RequestBodies bodies, GatewayRequestMapper mapper,
                  Pipeline pipeline, BooleanSupplier ready, Clock clock, EarlyLimits limits, InFlightLimits inFlight,
                  Idempotency idempotency) {
        this.limits = limits;
        this.inFlight = inFlight;
        this.idempotency = idempotency;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.mapper = new MessagesRequestMapper(mapper);
        this.pipeline = pipeline;
        this.ready = ready;
        this.clock = clock;
        this.streams = new StreamDriver(pipeline, clock);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        Headers headers = req.headers();
        Caller caller = authenticator.authenticate(headers.first(HeaderNames.AUTHORIZATION),
                headers.first(ChatCompletionsRoute.X_API_KEY));
        // Before the body is read: a refused request costs no buffer and no parsing.
        try (InFlightLimits.Slot slot = inFlight.acquire(caller.tenantId())) {
            serve(req, res, caller);
        }
    }

    private void serve(ServerRequest req, ServerResponse res, Caller caller) throws IOException, InterruptedException {
        Headers headers = req.headers();
        byte[] raw = bodies.read(req);
        MessagesRequest body = reader.read(raw);
        Idempotency.Call call = idempotency.begin(headers, caller.tenantId(), raw, mapper.map(caller, body,
                Exchanges.joined(headers, HeaderNames.CACHE_CONTROL), headers.first(ChatCompletionsRoute.TRACEPARENT)),
                pipeline, res);
        GatewayRequest request = call.request();
        TracingFilter.describe(req, request);
        String requestId = request.requestId();
        res.header(ChatCompletionsRoute.X_REQUEST_ID, requestId);
        res.header(REQUEST_ID, requestId);
        long startedMs = clock.millis();
        try {
            if (!ready.getAsBoolean()) {
                throw ApiError.notReady();
            }
            limits.admit(request, res::header, pipeline::refused);
            if (request.stream()) {
                streams.run(request, res, out -> new AnthropicStreamFormat(out, requestId, request.model(),
                        request.estimatedInputTokens()), call.pipeline());
                return;
            }
            Reply reply = call.pipeline().send(request);
            Message message = AnthropicMessages.from(request, reply);
            Exchanges.cacheHeaders(res, reply);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json(message));
            log.debug("answered {} (messages) status=200 stop={} cache={} latency_ms={}", requestId,
                    message.stopReason(), reply.cache(), clock.millis() - startedMs);
        } catch (ApiError e) {
            ErrorResponses.send(res, e, ApiDialect.ANTHROPIC);
            log.debug("answered {} (messages) status={} type={} latency_ms={}", requestId, e.status(), e.type(),
                    clock.millis() - startedMs);
        }
    }

    private static byte[] json(Message message) {
        try {
            return AnthropicJson.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message", e);
        }
    }
}
