package io.llmgateway.ingress;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error the ingress sends in the caller's shape (OpenAI's, or Anthropic's on the
 * Anthropic routes, see {@link ApiDialect}), including the ones Helidon answers before any route
 * runs (a body over {@code max_body_bytes}, a malformed request line).
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final long maxBodyBytes;

    public ErrorResponses(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");

    /** In OpenAI's shape. */
    public static void send(ServerResponse res, ApiError error) {
        send(res, error, ApiDialect.OPENAI);
    }

    static void send(ServerResponse res, ApiError error, ApiDialect dialect) {
        res.status(Status.create(error.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (error.retryAfterMs() != null) {
            // retry-after is in whole seconds (rounded up); OpenAI's SDKs also read the exact retry-after-ms.
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.ceilDiv(error.retryAfterMs(), 1000L)));
            res.header("retry-after-ms", String.valueOf(error.retryAfterMs()));
        }
        if (error.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        res.send(dialect.errorBody(error));
    }

    /** In OpenAI's shape. */
    static byte[] body(ApiError error) {
        return ApiDialect.OPENAI.errorBody(error);
    }

    /** For the routing: an unexpected exception is a 500 whose details stay in the log. */
    public void sendUnexpected(ServerRequest req, ServerResponse res, Throwable e) {
        ApiDialect dialect = ApiDialect.of(req.path().path(), req.headers().contains(ANTHROPIC_VERSION));
        if (e instanceof ApiError error) {
            send(res, error, dialect);
        } else if (e instanceof HttpException http) {
            // Helidon's own (e.g. a decoded body over the limit): keep its status, in our shape.
            send(res, forStatus(http.status().code()), dialect);
        } else {
            log.error("unexpected failure on {} {}", req.prologue().method().text(), req.path().path(), e);
            send(res, forStatus(500), dialect);
        }
    }

    /** Handlers for the requests Helidon answers itself, outside the routing. */
    public DirectHandlers directHandlers() {
        DirectHandler handler = this::direct;
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    private DirectHandler.TransportResponse direct(DirectHandler.TransportRequest request,
                                                   DirectHandler.EventType eventType, Status status,
                                                   ServerResponseHeaders responseHeaders, String message) {
        ApiError error = forStatus(status.code());
        ApiDialect dialect = ApiDialect.of(request.path(), request.headers().contains(ANTHROPIC_VERSION));
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(dialect.errorBody(error))
                .keepAlive(eventType.keepAlive())
                .build();
    }

    /**
     * An error Helidon raised, in our shape. Helidon's own message is neither sent nor logged: it
     * may quote a header of the request, and the Authorization header holds the key.
     */
    ApiError forStatus(int status) {
        return switch (status) {
            case 413 -> ApiError.requestTooLarge(maxBodyBytes);
            case 400 -> ApiError.invalidRequest(null, "The HTTP request is malformed and could not be read.");
            default -> status >= 500
                    ? new ApiError(status, "server_error", null, null,
                            "The gateway had an internal error; retry later.", null)
                    : new ApiError(status, "invalid_request_error", null, null,
                            Status.create(status).reasonPhrase() + ".", null);
        };
    }
}
