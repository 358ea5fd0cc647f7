package io.llmgateway.ingress.batch;

import java.util.UUID;

/** Ids in OpenAI's shapes: {@code batch_...} and {@code file-...}, random, without dashes. */
final class BatchIds {

    private BatchIds() {}

    static String batch() {
        return "batch_" + random();
    }

    static String file() {
        return "file-" + random();
    }

    private static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
