package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.anthropic.AnthropicJson;
import io.llmgateway.ingress.openai.ModelList;
import io.llmgateway.ingress.openai.OpenAiJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/models}: the aliases the caller's tenant may use, in OpenAI's list format, or in
 * Anthropic's (paged with {@code limit}, {@code after_id}, {@code before_id}) when the request
 * carries {@code anthropic-version}, as Anthropic's SDKs send it.
 */
public final class ModelsRoute implements Handler {

    static final String OWNER = "llm-gateway";

    /** Anthropic's default and largest page sizes. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private final ApiKeyAuthenticator authenticator;
    private final Map<String, ?> models;
    private final long createdSeconds;

    /**
     * @param createdSeconds OpenAI gives each model a creation time; aliases have none, so the
     *     time this instance started stands in for it
     */
    public ModelsRoute(ApiKeyAuthenticator authenticator, Map<String, ?> models, long createdSeconds) {
        this.authenticator = authenticator;
        this.models = models;
        this.createdSeconds = createdSeconds;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        Caller caller = authenticator.authenticate(req);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (req.headers().contains(ErrorResponses.ANTHROPIC_VERSION)) {
            var query = req.query();
            res.send(AnthropicJson.MAPPER.writeValueAsBytes(anthropicPage(caller, query.first("limit").asOptional(),
                    query.first("after_id").asOptional(), query.first("before_id").asOptional())));
            return;
        }
        res.send(OpenAiJson.MAPPER.writeValueAsBytes(list(caller)));
    }

    ModelList list(Caller caller) {
        return ModelList.of(aliases(caller).stream()
                .map(alias -> ModelList.Model.alias(alias, createdSeconds, OWNER))
                .toList());
    }

    /** One page of Anthropic's list, in alias order. */
    io.llmgateway.ingress.anthropic.ModelList anthropicPage(Caller caller, Optional<String> limitParam,
                                                           Optional<String> afterId, Optional<String> beforeId) {
        int limit = limit(limitParam);
        List<String> aliases = aliases(caller);
        int from = afterId.map(id -> firstAfter(aliases, id)).orElse(0);
        int to = beforeId.map(id -> firstAtOrAfter(aliases, id)).orElse(aliases.size());
        List<String> window = aliases.subList(Math.min(from, to), to);
        // A page before an id is the last `limit` of what comes before it; otherwise the first `limit`.
        List<String> page = beforeId.isPresent() && afterId.isEmpty()
                ? window.subList(Math.max(0, window.size() - limit), window.size())
                : window.subList(0, Math.min(limit, window.size()));
        String created = Instant.ofEpochSecond(createdSeconds).toString();
        return io.llmgateway.ingress.anthropic.ModelList.page(page.stream()
                .map(alias -> io.llmgateway.ingress.anthropic.ModelList.Model.alias(alias, created))
                .toList(), window.size() > page.size());
    }

    private List<String> aliases(Caller caller) {
        return models.keySet().stream().filter(caller.tenant()::mayUse).sorted().toList();
    }

    /** The index of the first alias sorting after {@code id}. */
    private static int firstAfter(List<String> aliases, String id) {
        int i = 0;
        while (i < aliases.size() && aliases.get(i).compareTo(id) <= 0) {
            i++;
        }
        return i;
    }

    /** The index of the first alias sorting at or after {@code id}. */
    private static int firstAtOrAfter(List<String> aliases, String id) {
        int i = 0;
        while (i < aliases.size() && aliases.get(i).compareTo(id) < 0) {
            i++;
        }
        return i;
    }

    private static int limit(Optional<String> limit) {
        if (limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.get());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, as any other bad value
        }
        throw ApiError.invalidRequest("limit", "Invalid value for 'limit': an integer from 1 to " + MAX_LIMIT + ".");
    }
}
