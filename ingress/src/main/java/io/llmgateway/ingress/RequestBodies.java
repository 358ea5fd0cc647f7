package io.llmgateway.ingress;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads request bodies up to {@code max_body_bytes}, and answers a larger one with 413 only after
 * reading it to its end. A client that sends its whole body before it reads the answer (the
 * OpenAI and Anthropic SDKs do) would otherwise see the connection reset under it, report a
 * network error and retry the same body, instead of reading the 413. Bodies further over the
 * limit than {@link #DRAINED_PAST_LIMIT} are cut off by the web server (see
 * {@link #webServerLimit}), which answers 413 and closes: that much is not worth reading.
 */
final class RequestBodies {

    /** How far past the limit a body is still read (and thrown away) to answer 413 cleanly. */
    static final long DRAINED_PAST_LIMIT = 16L * 1024 * 1024;

    private final long maxBodyBytes;

    RequestBodies(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** What the web server itself refuses: larger bodies are not read to their end. */
    static long webServerLimit(long maxBodyBytes) {
        return maxBodyBytes > Long.MAX_VALUE - DRAINED_PAST_LIMIT ? Long.MAX_VALUE : maxBodyBytes + DRAINED_PAST_LIMIT;
    }

    /** The whole body, at most {@code max_body_bytes} of it buffered. */
    byte[] read(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        long announced = req.headers().contentLength().orElse(-1);
        if (announced > maxBodyBytes && req.headers().contains(HeaderValues.EXPECT_100)) {
            // The client waits for our word before it sends the body: no need to read it.
            throw ApiError.requestTooLarge(maxBodyBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            if (announced > maxBodyBytes) {
                throw tooLargeAfterDraining(in);
            }
            byte[] body = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
            if (body.length > maxBodyBytes) {
                throw tooLargeAfterDraining(in);
            }
            return body;
        }
    }

    private ApiError tooLargeAfterDraining(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
        return ApiError.requestTooLarge(maxBodyBytes);
    }
}
