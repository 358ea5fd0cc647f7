package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.openai.ModelList;
import io.llmgateway.ingress.openai.OpenAiJson;
import java.util.Map;

/** {@code GET /v1/models}: the aliases the caller's tenant may use, in OpenAI's list format. */
public final class ModelsRoute implements Handler {

    static final String OWNER = "llm-gateway";

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
        Caller caller = authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION),
                req.headers().first(ChatCompletionsRoute.X_API_KEY));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(OpenAiJson.MAPPER.writeValueAsBytes(list(caller)));
    }

    ModelList list(Caller caller) {
        return ModelList.of(models.keySet().stream()
                .filter(caller.tenant()::mayUse)
                .sorted()
                .map(alias -> ModelList.Model.alias(alias, createdSeconds, OWNER))
                .toList());
    }
}
