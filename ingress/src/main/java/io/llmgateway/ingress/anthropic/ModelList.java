package io.llmgateway.ingress.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Anthropic's answer to {@code GET /v1/models}: one page of models, newest first in Anthropic's
 * API (here: by alias), with the ids that bound the page for {@code after_id} / {@code before_id}.
 */
public record ModelList(List<Model> data, boolean hasMore,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String firstId,
                        @JsonInclude(JsonInclude.Include.ALWAYS) String lastId) {

    /** @param createdAt RFC 3339 */
    public record Model(String type, String id, String displayName, String createdAt) {

        public static Model alias(String id, String createdAt) {
            return new Model("model", id, id, createdAt);
        }
    }

    public static ModelList page(List<Model> models, boolean hasMore) {
        return new ModelList(models, hasMore, models.isEmpty() ? null : models.getFirst().id(),
                models.isEmpty() ? null : models.getLast().id());
    }
}
