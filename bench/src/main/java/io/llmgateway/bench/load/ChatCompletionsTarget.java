package io.llmgateway.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/chat/completions} over HTTP/1.1 keep-alive with the JDK's
 * {@link HttpClient} (asynchronous, so one scheduler thread can start thousands a second). The
 * same class drives the gateway's ingress and, for calibration, the mock provider directly.
 *
 * <p>Each request carries its sequence number in the prompt, so that no two are identical, and
 * by default {@code Cache-Control: no-store}: a cache in front must not turn a load test into a
 * cache test unless a run asks for that.
 */
public final class ChatCompletionsTarget implements LoadTarget {

    /** JSON answers whole; SSE ({@code "stream": true}) also times the first token. */
    public enum Mode { JSON, SSE }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Mode mode;
    private final String promptFiller;
    private final boolean cacheable;
    private final ExecutorService callbacks;
    private final HttpClient http;
    private final java.util.concurrent.atomic.AtomicInteger openStreams =
            new java.util.concurrent.atomic.AtomicInteger();
    private volatile int expectedContentChunks = -1;
    private volatile Duration requestTimeout = REQUEST_TIMEOUT;

    /**
     * @param baseUrl up to and including {@code /v1}
     * @param apiKey sent as a bearer token; null sends none (the mock needs none)
     * @param promptWords length of each prompt in words (a token or so each)
     */
    public ChatCompletionsTarget(String baseUrl, String apiKey, String model, Mode mode, int promptWords) {
        this(baseUrl, apiKey, model, mode, promptWords, false);
    }

    /**
     * @param cacheable false sends {@code Cache-Control: no-store}, so every request takes the
     *     whole path (a miss); the suite's prompts differ only in a number, which a semantic
     *     cache may well call the same question
     */
    public ChatCompletionsTarget(String baseUrl, String apiKey, String model, Mode mode, int promptWords,
                                 boolean cacheable) {
        this.cacheable = cacheable;
        this.endpoint = URI.create(baseUrl + "/chat/completions");
        this.apiKey = apiKey;
        this.model = model;
        this.mode = mode;
        this.promptFiller = " please summarise".repeat(Math.max(0, promptWords / 2));
        // Completions run here, off the client's selector thread; virtual threads cost nothing idle.
        this.callbacks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("load-http-", 0).factory());
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(callbacks)
                .build();
    }

    /**
     * SSE: every answer must have exactly this many chunks with content, else it counts as failed
     * (a stream cut short); -1 (the default) does not check.
     */
    public ChatCompletionsTarget expectContentChunks(int chunks) {
        this.expectedContentChunks = chunks;
        return this;
    }

    /** How long one request may take, its whole stream included (default 30 s). */
    public ChatCompletionsTarget requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** SSE: streams open now, from their first event to their end. */
    public int openStreams() {
        return openStreams.get();
    }

    @Override
    public CompletableFuture<Answer> send(long sequence) {
        // No HttpRequest.timeout(): the JDK client keeps one timer per request in a shared ordered
        // set, measurably costly at thousands a second; orTimeout below uses a heap-backed delayer.
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(sequence)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (!cacheable) {
            request.header("Cache-Control", "no-store");
        }
        if (mode == Mode.SSE) {
            SseEvents events = new SseEvents(expectedContentChunks, openStreams);
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(events))
                    .thenApply(response -> response.statusCode() == 200 ? events.answer()
                            : Answer.failed("HTTP " + response.statusCode()))
                    .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> response.statusCode() == 200 && response.body().length > 0 ? Answer.ok()
                        : Answer.failed("HTTP " + response.statusCode()))
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    byte[] body(long sequence) {
        String prompt = "Benchmark request " + sequence + ":" + promptFiller;
        return ("{\"model\":\"" + model + "\",\"stream\":" + (mode == Mode.SSE)
                + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "POST " + endpoint + " (" + mode + (cacheable ? "" : ", no-store") + ", JDK HttpClient, HTTP/1.1)";
    }

    @Override
    public void close() {
        http.shutdownNow();
        callbacks.shutdownNow();
    }
}
