package io.llmgateway.ingress;

import io.helidon.http.HeaderName;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.schemas.Reply;
import java.util.Locale;
import java.util.Optional;

/** What every API route does the same way with its HTTP exchange. */
final class Exchanges {

    private Exchanges() {}

    /** A header sent on several lines reads as one comma-separated value (RFC 9110, 5.3). */
    static Optional<String> joined(Headers headers, HeaderName name) {
        return headers.contains(name) ? Optional.of(String.join(",", headers.get(name).allValues()))
                : Optional.empty();
    }

    /** HIT, SEMANTIC_HIT, MISS or BYPASS; why, and how close a semantic hit was. */
    static void cacheHeaders(ServerResponse res, Reply reply) {
        if (reply.cache() == null) {
            return;
        }
        res.header(ChatCompletionsRoute.X_GATEWAY_CACHE, reply.cache().name());
        if (reply.cacheReason() != null) {
            res.header(ChatCompletionsRoute.X_GATEWAY_CACHE_REASON, reply.cacheReason().replaceAll("[\\r\\n]", " "));
        }
        if (reply.cacheSimilarity() != null) {
            res.header(ChatCompletionsRoute.X_GATEWAY_CACHE_SIMILARITY,
                    String.format(Locale.ROOT, "%.3f", reply.cacheSimilarity()));
        }
    }
}
