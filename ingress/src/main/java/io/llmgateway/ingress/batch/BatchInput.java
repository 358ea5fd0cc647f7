package io.llmgateway.ingress.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.ChatCompletionRequestReader;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a batch input file, one request per line in OpenAI's format
 * {@code {"custom_id": ..., "method": "POST", "url": "/v1/chat/completions", "body": {...}}}.
 * A malformed line is reported with its line number and does not stop the others.
 *
 * @param requests the well-formed lines, in file order
 * @param malformed the lines that are not, in file order
 */
record BatchInput(List<Line> requests, List<Malformed> malformed) {

    /** @param line 1-based line number in the input file */
    record Line(int line, String customId, ChatCompletionRequest body) {}

    /** @param customId the line's custom_id when it could be read, else null */
    record Malformed(int line, String customId, String code, String message) {}

    /** Every non-blank line: requests and malformed ones. */
    int total() {
        return requests.size() + malformed.size();
    }

    static BatchInput parse(byte[] content, String endpoint) {
        ChatCompletionRequestReader reader = new ChatCompletionRequestReader();
        List<Line> requests = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i];
            if (text.isBlank()) {
                continue;
            }
            int number = i + 1;
            JsonNode node;
            try {
                node = BatchJson.MAPPER.readTree(text);
            } catch (IOException e) {
                malformed.add(new Malformed(number, null, "invalid_json", "Line " + number + " is not valid JSON."));
                continue;
            }
            String customId = node.path("custom_id").isTextual() ? node.path("custom_id").textValue() : null;
            String problem = problem(node, customId, customIds, endpoint);
            if (problem != null) {
                malformed.add(new Malformed(number, customId, "invalid_request", "Line " + number + ": " + problem));
                continue;
            }
            try {
                ChatCompletionRequest body = reader.read(BatchJson.MAPPER.writeValueAsBytes(node.get("body")));
                customIds.add(customId);
                requests.add(new Line(number, customId, body));
            } catch (ApiError | IOException e) {
                malformed.add(new Malformed(number, customId, "invalid_request",
                        "Line " + number + ": invalid body: " + e.getMessage()));
            }
        }
        return new BatchInput(List.copyOf(requests), List.copyOf(malformed));
    }

    private static String problem(JsonNode node, String customId, Set<String> seen, String endpoint) {
        if (!node.isObject()) {
            return "expected a JSON object.";
        }
        if (customId == null || customId.isBlank()) {
            return "'custom_id' must be a non-empty string.";
        }
        if (seen.contains(customId)) {
            return "the custom_id '" + customId + "' is used by an earlier line; each must be unique.";
        }
        if (!"POST".equals(node.path("method").asText(null))) {
            return "'method' must be \"POST\".";
        }
        if (!endpoint.equals(node.path("url").asText(null))) {
            return "'url' must be the batch's endpoint \"" + endpoint + "\".";
        }
        if (!node.path("body").isObject()) {
            return "'body' must be a JSON object.";
        }
        return null;
    }
}
