package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Role;
import io.llmgateway.schemas.SamplingParams;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates an OpenAI chat completion request and maps it to the pipeline's
 * {@link GatewayRequest}: id, caller, unified messages, parameters, deadline, reply topic,
 * cache policy, trace context and the input token estimate.
 */
public final class GatewayRequestMapper {

    /** OpenAI accepts at most four stop sequences. */
    static final int MAX_STOP_SEQUENCES = 4;

    private static final Map<String, Role> ROLES = Map.of(
            "system", Role.SYSTEM,
            // OpenAI's newer name for system instructions (o-series models).
            "developer", Role.SYSTEM,
            "user", Role.USER,
            "assistant", Role.ASSISTANT,
            "tool", Role.TOOL);

    /** W3C trace context, version 00 layout; anything else is not passed on. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final GatewayConfig config;
    private final RequestIds ids;
    private final InputTokenCounter tokens;
    private final Clock clock;
    private final String replyTopic;
    private final Duration requestTimeout;

    public GatewayRequestMapper(GatewayConfig config, RequestIds ids, InputTokenCounter tokens, Clock clock,
                                String replyTopic) {
        this.config = config;
        this.ids = ids;
        this.tokens = tokens;
        this.clock = clock;
        this.replyTopic = replyTopic;
        this.requestTimeout = config.ingress().requestTimeout();
    }

    /**
     * @param cacheControl the request's {@code Cache-Control} header
     * @param traceparent the request's W3C {@code traceparent} header
     * @throws ApiError 400 for an invalid request, 404 for a model the caller may not use
     */
    public GatewayRequest map(Caller caller, ChatCompletionRequest body, Optional<String> cacheControl,
                              Optional<String> traceparent) {
        String model = requireModel(body.model());
        List<ChatMessage> messages = messages(body.messages());
        rejectUnsupported(body);
        SamplingParams params = params(body);
        if (config.model(model).isEmpty() || !caller.tenant().mayUse(model)) {
            throw ApiError.modelNotFound(model);
        }
        long now = clock.millis();
        return new GatewayRequest(
                ids.next(),
                caller.tenantId(),
                caller.projectId(),
                caller.apiKeyId(),
                model,
                messages,
                params,
                false,
                replyTopic,
                now,
                now + requestTimeout.toMillis(),
                Priority.INTERACTIVE,
                cachePolicy(cacheControl),
                traceparent.map(String::strip).filter(t -> TRACEPARENT.matcher(t).matches()).orElse(null),
                tokens.count(model, messages),
                null);
    }

    private static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw ApiError.invalidRequest("model", "You must provide a model parameter.");
        }
        return model;
    }

    private static List<ChatMessage> messages(List<ChatCompletionRequest.Message> input) {
        if (input == null) {
            throw ApiError.invalidRequest("messages", "Missing required parameter: 'messages'.");
        }
        if (input.isEmpty()) {
            throw ApiError.invalidRequest("messages", "'messages' must contain at least one message.");
        }
        List<ChatMessage> messages = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            ChatCompletionRequest.Message message = input.get(i);
            String param = "messages[" + i + "]";
            if (message == null) {
                throw ApiError.invalidRequest(param, "Invalid type for '" + param + "': expected an object.");
            }
            messages.add(new ChatMessage(role(message.role(), param + ".role"),
                    content(message.content(), param + ".content")));
        }
        return messages;
    }

    private static Role role(String role, String param) {
        if (role == null) {
            throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
        }
        Role mapped = ROLES.get(role);
        if (mapped == null) {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param
                    + "': must be one of 'system', 'developer', 'user', 'assistant', 'tool'.");
        }
        return mapped;
    }

    /** A string, or text parts joined by newlines; other part types (images, audio) are not supported yet. */
    private static String content(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            throw ApiError.invalidRequest(param, "Missing required parameter: '" + param + "'.");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw ApiError.invalidRequest(param, "Invalid type for '" + param
                    + "': expected a string or an array of content parts.");
        }
        if (content.isEmpty()) {
            throw ApiError.invalidRequest(param, "'" + param + "' must contain at least one content part.");
        }
        List<String> texts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partParam = param + "[" + i + "]";
            if (!part.isObject()) {
                throw ApiError.invalidRequest(partParam, "Invalid type for '" + partParam + "': expected an object.");
            }
            JsonNode type = part.get("type");
            if (type == null || !type.isTextual()) {
                throw ApiError.invalidRequest(partParam + ".type", "Missing required parameter: '" + partParam
                        + ".type'.");
            }
            if (!type.textValue().equals("text")) {
                throw ApiError.invalidRequest(partParam + ".type", "Content parts of type '" + type.textValue()
                        + "' are not supported yet: only 'text'.");
            }
            JsonNode text = part.get("text");
            if (text == null || !text.isTextual()) {
                throw ApiError.invalidRequest(partParam + ".text", "Invalid type for '" + partParam
                        + ".text': expected a string.");
            }
            texts.add(text.textValue());
        }
        return String.join("\n", texts);
    }

    /** Refused rather than ignored: a caller who asks for these would silently get something else. */
    private static void rejectUnsupported(ChatCompletionRequest body) {
        if (Boolean.TRUE.equals(body.stream())) {
            throw ApiError.invalidRequest("stream", "Streaming is not supported yet: send \"stream\": false.");
        }
        if (body.n() != null && body.n() != 1) {
            throw ApiError.invalidRequest("n", "Only n = 1 is supported.");
        }
        JsonNode tools = body.tools();
        if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
            throw ApiError.invalidRequest("tools", "Tools are not supported yet.");
        }
    }

    private static SamplingParams params(ChatCompletionRequest body) {
        Double temperature = body.temperature();
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw ApiError.invalidRequest("temperature", "Invalid value for 'temperature': must be between 0 and 2.");
        }
        Double topP = body.topP();
        if (topP != null && !(topP >= 0 && topP <= 1)) {
            throw ApiError.invalidRequest("top_p", "Invalid value for 'top_p': must be between 0 and 1.");
        }
        // max_completion_tokens replaced max_tokens; when both are sent the newer one wins.
        Integer maxTokens = body.maxCompletionTokens();
        String maxTokensParam = "max_completion_tokens";
        if (maxTokens == null) {
            maxTokens = body.maxTokens();
            maxTokensParam = "max_tokens";
        }
        if (maxTokens != null && maxTokens < 1) {
            throw ApiError.invalidRequest(maxTokensParam, "Invalid value for '" + maxTokensParam
                    + "': must be at least 1.");
        }
        return new SamplingParams(temperature, topP, maxTokens, stop(body.stop()), body.seed());
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        if (!stop.isArray()) {
            throw ApiError.invalidRequest("stop", "Invalid type for 'stop': expected a string or an array of strings.");
        }
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw ApiError.invalidRequest("stop", "Invalid value for 'stop': at most " + MAX_STOP_SEQUENCES
                    + " sequences.");
        }
        List<String> sequences = new ArrayList<>(stop.size());
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw ApiError.invalidRequest("stop[" + i + "]", "Invalid type for 'stop[" + i
                        + "]': expected a string.");
            }
            sequences.add(stop.get(i).textValue());
        }
        return sequences.isEmpty() ? null : sequences;
    }

    /** {@code no-store} is the stricter directive, so it wins when both are sent. */
    static CachePolicy cachePolicy(Optional<String> cacheControl) {
        if (cacheControl.isEmpty()) {
            return CachePolicy.DEFAULT;
        }
        CachePolicy policy = CachePolicy.DEFAULT;
        for (String directive : cacheControl.get().split(",")) {
            switch (directive.strip().toLowerCase(Locale.ROOT)) {
                case "no-store" -> policy = CachePolicy.NO_STORE;
                case "no-cache" -> {
                    if (policy != CachePolicy.NO_STORE) {
                        policy = CachePolicy.NO_CACHE;
                    }
                }
                default -> { }
            }
        }
        return policy;
    }
}
