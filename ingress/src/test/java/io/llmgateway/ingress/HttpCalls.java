package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.openai.OpenAiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP calls to an ingress on loopback. */
final class HttpCalls {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final int port;

    HttpCalls(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> chat(String key, String body, String... headers) {
        return chat(false, key, body, headers);
    }

    /**
     * @param expectContinue send {@code Expect: 100-continue} and the body only once the server
     *     agrees, as curl does for large bodies: a body refused by its length alone is then never
     *     sent, so the server's close after its 413 cannot reset the connection under a client
     *     still writing it (which a client that sends at once may see instead of the 413)
     */
    HttpResponse<String> chat(boolean expectContinue, String key, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .expectContinue(expectContinue)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** An Anthropic Messages call as Anthropic's SDKs send it: the key in {@code x-api-key}, with {@code anthropic-version}. */
    HttpResponse<String> messages(String key, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends only the request head of a POST announcing a body of {@code contentLength} bytes, and
     * reads what the server answers without a byte of that body: proof that it did not wait for it.
     */
    String postHeadOnly(String key, long contentLength) throws IOException {
        return postHeadOnly("/v1/chat/completions", key, contentLength);
    }

    String postHeadOnly(String path, String key, long contentLength) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + key + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + contentLength + "\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One keep-alive connection driven by hand, to see what a client that writes before it reads sees. */
    RawConnection open() throws IOException {
        return new RawConnection(new Socket("127.0.0.1", port));
    }

    static final class RawConnection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private RawConnection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = socket.getInputStream();
        }

        void write(String ascii) throws IOException {
            write(ascii.getBytes(StandardCharsets.US_ASCII));
        }

        void write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** The next response: its head, then as many body bytes as its Content-Length says. */
        String readResponse() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + head);
                }
                head.append((char) b);
            }
            int length = head.toString().lines()
                    .filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElse(0);
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return OpenAiJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static String userMessage(String model, String content) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + content + "\"}]}";
    }
}
