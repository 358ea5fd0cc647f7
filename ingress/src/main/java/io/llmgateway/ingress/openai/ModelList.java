package io.llmgateway.ingress.openai;

import java.util.List;

/** OpenAI's response to {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> models) {
        return new ModelList("list", models);
    }

    public record Model(String id, String object, long created, String ownedBy) {

        public static Model alias(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy);
        }
    }
}
