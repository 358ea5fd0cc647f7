package io.llmgateway.cache.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Computes {@link CacheKeys} from the request's own JSON form (the topic's contract), minus the
 * fields that describe the delivery rather than the question. Working on the JSON rather than
 * on the record's accessors keeps the key safe as the request format grows: a field added later
 * (tools, response format, content parts) is part of the key until someone decides otherwise,
 * so two requests that differ in it never share an answer.
 */
public final class CanonicalRequest {

    /** Delivery, identity and bookkeeping: never change the answer. */
    private static final Set<String> NOT_PART_OF_THE_QUESTION = Set.of("request_id", "project_id", "api_key_id",
            "stream", "reply_topic", "created_at_ms", "deadline_ms", "priority", "cache_policy", "traceparent",
            "estimated_input_tokens", "reservation", "cache_decision", "stream_options");

    private CanonicalRequest() {}

    public static CacheKeys keysOf(GatewayRequest request) {
        ObjectNode question = Json.MAPPER.valueToTree(request);
        NOT_PART_OF_THE_QUESTION.forEach(question::remove);
        JsonNode messages = question.path("messages");

        ObjectNode scope = question.deepCopy();
        ArrayNode systemOnly = scope.putArray("messages");
        List<String> system = new ArrayList<>();
        List<String> user = new ArrayList<>();
        int otherTurns = 0;
        boolean media = false;
        for (JsonNode message : messages) {
            media |= hasMedia(message.path("content"));
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" -> {
                    systemOnly.add(message);
                    system.add(text(message.path("content")));
                }
                case "user" -> user.add(text(message.path("content")));
                default -> otherTurns++;
            }
        }
        boolean tools = question.path("tools").size() > 0;
        // An image is part of the question: two questions about two images are not paraphrases,
        // so a request with media is answered from the exact tier only (its key hashes the image).
        boolean singleTurn = user.size() == 1 && otherTurns == 0 && !tools && !media && !user.getFirst().isBlank();
        return new CacheKeys(sha256(canonical(question)), sha256(canonical(scope)),
                singleTurn ? user.getFirst() : null, String.join("\n", system), String.join("\n", user));
    }

    private static boolean hasMedia(JsonNode content) {
        for (JsonNode part : content) {
            if (part.isObject() && !part.path("text").isTextual()) {
                return true;
            }
        }
        return false;
    }

    /** The text of a message's content, whether a string or a list of parts. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                parts.add(part.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }

    /** JSON with the keys of every object sorted, so equal requests give equal bytes. */
    static String canonical(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            for (String name : names) {
                JsonNode value = node.get(name);
                if (!value.isNull()) {
                    out.set(name, sorted(value));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
