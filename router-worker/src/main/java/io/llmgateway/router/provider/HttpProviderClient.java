package io.llmgateway.router.provider;

import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP provider adapter shares, on {@code java.net.http.HttpClient}: the time bounds
 * (the provider's connect timeout; each call at most the provider's request timeout and never
 * past the request's deadline, a stream's body included), the transport failures, reading
 * server-sent events, cancellation, and keeping the key out of every message. An adapter only
 * says how its provider's requests, answers, stream events and errors look.
 */
public abstract class HttpProviderClient implements ProviderClient {

    private static final Logger log = LoggerFactory.getLogger(HttpProviderClient.class);

    protected final String provider;
    protected final ProviderConfig config;
    protected final Secrets secrets;
    private final Clock clock;
    private final HttpClient http;
    /** Ends streams at their deadline: a request timeout only bounds the wait for the response head. */
    private final ScheduledExecutorService deadlines;

    /**
     * @param provider the provider's name in the config, for messages
     * @param apiKey the provider's key; null or blank when it needs none
     */
    protected HttpProviderClient(String provider, ProviderConfig config, String apiKey, Clock clock) {
        this.provider = provider;
        this.config = config;
        this.secrets = new Secrets(apiKey);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).version(httpVersion(config))
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("provider-" + provider + "-deadlines").factory());
    }

    /**
     * HTTP/2 where TLS negotiates it (the hosted providers); HTTP/1.1 over plain http (a local
     * vLLM or Ollama, the mock), where the JDK client would otherwise open every connection with
     * an h2c upgrade request that such servers ignore.
     */
    static HttpClient.Version httpVersion(ProviderConfig config) {
        return "https".equalsIgnoreCase(config.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1;
    }

    /** The provider's request for this call, without a timeout (set here). */
    protected abstract HttpRequest.Builder request(ChatCall call, boolean stream) throws ProviderException;

    /** The provider's complete answer; IOException or IllegalArgumentException when it is not one. */
    protected abstract ChatResult result(byte[] body) throws IOException;

    /** A decoder for one stream. */
    protected abstract StreamDecoder streamDecoder();

    /** The provider's error answer, classified; its message cleaned with {@link #secrets}. */
    protected abstract ProviderException failure(int status, HttpHeaders headers, byte[] body);

    @Override
    public ChatResult complete(ChatCall call) throws ProviderException, InterruptedException {
        Duration timeout = timeout(call);
        HttpRequest request = traced(request(call, false)).timeout(timeout).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw transportFailure(e, request.uri(), timeout);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.headers(), response.body());
        }
        try {
            return result(response.body());
        } catch (IOException | IllegalArgumentException e) {
            throw ProviderException.badResponse(provider + ": unreadable answer (" + secrets.clean(e.getMessage())
                    + ")", e);
        }
    }

    @Override
    public ChatResult stream(ChatCall call, StreamListener listener, Cancellation cancellation)
            throws ProviderException, InterruptedException {
        Duration timeout = timeout(call);
        HttpRequest request = traced(request(call, true)).timeout(timeout).build();
        AtomicReference<InputStream> body = new AtomicReference<>();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Runnable stop = () -> {
            pending.cancel(true);
            closeQuietly(body.get());
        };
        cancellation.onCancel(stop);
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            stop.run();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpResponse<InputStream> response = pending.get();
            body.set(response.body());
            if (cancellation.isCancelled() || timedOut.get()) {
                closeQuietly(response.body()); // stopped between the head and the line above
            }
            if (response.statusCode() / 100 != 2) {
                throw failure(response.statusCode(), response.headers(), response.body().readAllBytes());
            }
            return read(new SseReader(response.body()), listener);
        } catch (CancellationException e) {
            throw stopped(cancellation, timedOut, timeout, e);
        } catch (ExecutionException e) {
            if (cancellation.isCancelled() || timedOut.get()) {
                throw stopped(cancellation, timedOut, timeout, e);
            }
            throw e.getCause() instanceof IOException io ? transportFailure(io, request.uri(), timeout)
                    : ProviderException.badResponse(provider + ": " + secrets.clean(String.valueOf(e.getCause())), e);
        } catch (IOException e) {
            if (cancellation.isCancelled() || timedOut.get()) {
                throw stopped(cancellation, timedOut, timeout, e);
            }
            throw ProviderException.badResponse(provider + ": stream broken (" + secrets.clean(e.getMessage()) + ")", e);
        } finally {
            deadline.cancel(false);
            closeQuietly(body.get());
        }
    }

    /** The provider attempt's trace context goes with the call ({@code traceparent}, W3C). */
    private static HttpRequest.Builder traced(HttpRequest.Builder request) {
        Tracing.writeCurrent(request::setHeader);
        return request;
    }

    @Override
    public String genAiProviderName() {
        return GenAiAttributes.providerName(config.type());
    }

    private ChatResult read(SseReader events, StreamListener listener)
            throws IOException, ProviderException, InterruptedException {
        StreamDecoder decoder = streamDecoder();
        SseEvent event;
        while (!decoder.isDone() && (event = events.next()) != null) {
            for (ChatDelta delta : decoder.onEvent(event)) {
                if (!delta.isEmpty()) {
                    listener.onDelta(delta);
                }
            }
        }
        if (!decoder.isDone() && !decoder.endsAtEndOfBody()) {
            // A closed body reads as an end too: the caller tells a cut-off from a stop by the flags.
            throw new IOException("the stream ended before the provider said it was complete");
        }
        return decoder.result();
    }

    private ProviderException stopped(Cancellation cancellation, AtomicBoolean timedOut, Duration timeout,
                                      Exception cause) {
        if (cancellation.isCancelled()) {
            return ProviderException.cancelled(provider + ": the caller went away; the call was stopped");
        }
        if (timedOut.get()) {
            return ProviderException.timeout(provider + ": no complete answer within " + timeout, cause);
        }
        return ProviderException.badResponse(provider + ": the call was stopped", cause);
    }

    /** At most the provider's request timeout, and never past the request's deadline. */
    private Duration timeout(ChatCall call) throws ProviderException {
        Duration untilDeadline = Duration.between(clock.instant(), call.deadline());
        if (untilDeadline.isNegative() || untilDeadline.isZero()) {
            throw ProviderException.timeout(provider + ": the request's deadline passed before the call", null);
        }
        return untilDeadline.compareTo(config.requestTimeout()) < 0 ? untilDeadline : config.requestTimeout();
    }

    private ProviderException transportFailure(IOException e, URI uri, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return ProviderException.unreachable(provider + ": no connection within " + config.connectTimeout(), e);
        }
        if (e instanceof HttpTimeoutException) {
            return ProviderException.timeout(provider + ": no answer within " + timeout, e);
        }
        if (e instanceof ConnectException) { // refused, or the host name does not resolve
            return ProviderException.unreachable(provider + ": cannot connect to " + uri.getHost() + ":"
                    + uri.getPort() + " (" + secrets.clean(String.valueOf(e.getMessage())) + ")", e);
        }
        return ProviderException.badResponse(provider + ": connection lost during the answer ("
                + secrets.clean(String.valueOf(e.getMessage())) + ")", e);
    }

    /** {@code retry-after-ms} when present (OpenAI sends it), else {@code retry-after} in seconds. */
    protected static Optional<Long> retryAfterMs(HttpHeaders headers) {
        try {
            Optional<String> ms = headers.firstValue("retry-after-ms");
            if (ms.isPresent()) {
                return Optional.of((long) Double.parseDouble(ms.get()));
            }
            return headers.firstValue("retry-after").map(seconds -> (long) (Double.parseDouble(seconds) * 1000));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: rare from LLM providers, and only a hint
        }
    }

    /** The error kind an HTTP status means when the provider's body says nothing more precise. */
    protected static ProviderException.Kind kindOf(int status) {
        return switch (status) {
            case 400, 413, 422 -> ProviderException.Kind.BAD_REQUEST;
            case 401, 402, 403 -> ProviderException.Kind.AUTHENTICATION;
            case 404 -> ProviderException.Kind.NOT_FOUND;
            case 408, 504 -> ProviderException.Kind.TIMEOUT;
            case 429 -> ProviderException.Kind.RATE_LIMITED;
            case 503, 529 -> ProviderException.Kind.OVERLOADED;
            default -> status >= 500 ? ProviderException.Kind.SERVER_ERROR : ProviderException.Kind.BAD_REQUEST;
        };
    }

    private void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // Closing is how a stream is stopped; a failure to close changes nothing for the caller.
            log.debug("{}: closing a response body failed: {}", provider, e.toString());
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.shutdownNow(); // the pipeline closed first: nothing of ours is still in flight
    }
}
