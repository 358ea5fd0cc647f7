package io.llmgateway.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.security.ImageUrlPolicy;
import io.llmgateway.ingress.openai.ChatCompletionRequest;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.ResponseFormat;
import io.llmgateway.schemas.SamplingParams;
import io.llmgateway.schemas.ToolChoice;
import io.llmgateway.schemas.ToolDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Validates an OpenAI chat completion request and maps it to the pipeline's
 * {@link GatewayRequest}: id, caller, unified messages, parameters, deadline, reply topic,
 * cache policy, trace context and the input token estimate.
 */
public final class GatewayRequestMapper {

    /** The API name the request log gives requests of the OpenAI front. */
    static final String API = "openai";

    /** OpenAI accepts at most four stop sequences. */
    static final int MAX_STOP_SEQUENCES = 4;

    /** W3C trace context, version 00 layout; anything else is not passed on. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final GatewayConfig config;
    private final RequestIds ids;
    private final InputTokenCounter tokens;
    private final Clock clock;
    private final String replyTopic;
    private final Duration requestTimeout;
    private final FieldBounds bounds;
    private final ImageUrlPolicy imageUrls;

    /** Image URLs checked with the JVM's resolver. */
    public GatewayRequestMapper(GatewayConfig config, RequestIds ids, InputTokenCounter tokens, Clock clock,
                                String replyTopic) {
        this(config, ids, tokens, clock, replyTopic, ImageUrlPolicy.SYSTEM);
    }

    /**
     * @param imageUrls which image URLs may go to a provider. Checked here, at admission, so that
     *     the refusal is a 400 naming the field in the caller's format, before anything is published
     *     or billed. It cannot stop DNS rebinding (the provider resolves the name again when it
     *     fetches); see {@link ImageUrlPolicy}.
     */
    public GatewayRequestMapper(GatewayConfig config, RequestIds ids, InputTokenCounter tokens, Clock clock,
                                String replyTopic, ImageUrlPolicy imageUrls) {
        this.imageUrls = imageUrls;
        this.config = config;
        this.ids = ids;
        this.tokens = tokens;
        this.clock = clock;
        this.replyTopic = replyTopic;
        this.requestTimeout = config.ingress().requestTimeout();
        this.bounds = new FieldBounds(config.ingress().requestBounds(), config.models());
    }

    /** The bounds on a request's fields, for either API's mapper. */
    FieldBounds bounds() {
        return bounds;
    }

    /** Which image URLs may go to a provider, for either API's mapper. */
    ImageUrlPolicy imageUrls() {
        return imageUrls;
    }

    /**
     * @param cacheControl the request's {@code Cache-Control} header
     * @param traceparent the request's W3C {@code traceparent} header
     * @throws ApiError 400 for an invalid request, 404 for a model the caller may not use
     */
    public GatewayRequest map(Caller caller, ChatCompletionRequest body, Optional<String> cacheControl,
                              Optional<String> traceparent) {
        String model = requireModel(body.model());
        bounds.messages(body.messages(), "messages");
        bounds.tools(body.tools(), "tools");
        List<ChatMessage> messages = unified("messages", () -> OpenAiRequestParts.messages(body.messages(), imageUrls));
        if (body.n() != null && body.n() != 1) {
            throw ApiError.invalidRequest("n", "Only n = 1 is supported.");
        }
        SamplingParams params = params(body);
        bounds.maxTokens(model, params.maxTokens(),
                body.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens");
        bounds.stopSequences(params.stop(), "stop");
        return build(caller, model, messages, params, unified("tools", () -> OpenAiRequestParts.tools(body.tools())),
                unified("tool_choice", () -> OpenAiRequestParts.toolChoice(body.toolChoice())),
                unified("response_format", () -> OpenAiRequestParts.responseFormat(body.responseFormat())),
                body.parallelToolCalls(), body.wantsStream(), cacheControl, traceparent).withApi(API);
    }

    /**
     * A part of the request in the unified format; the unified records' own checks (a blank tool
     * call id or tool name, an image without data) are the caller's mistake, a 400 naming
     * {@code param}, not a server error.
     */
    static <T> T unified(String param, Supplier<T> part) {
        try {
            return part.get();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest(param, "Invalid '" + param + "': " + e.getMessage() + ".");
        }
    }

    /**
     * The pipeline's request, whatever API the caller spoke: the model must be one the caller may
     * use, image parts only go to an alias whose deployments all accept images, and the unified
     * format's own rules (a tool result answers an earlier call, tool names are unique) hold.
     */
    public GatewayRequest build(Caller caller, String model, List<ChatMessage> messages, SamplingParams params,
                                List<ToolDefinition> tools, ToolChoice toolChoice, ResponseFormat responseFormat,
                                Boolean parallelToolCalls, boolean stream, Optional<String> cacheControl,
                                Optional<String> traceparent) {
        Optional<ModelConfig> alias = config.model(model);
        if (alias.isEmpty() || !caller.tenant().mayUse(model)) {
            throw ApiError.modelNotFound(model);
        }
        if (messages.stream().anyMatch(ChatMessage::hasImages)
                && !alias.get().deployments().stream().allMatch(Deployment::acceptsImages)) {
            throw ApiError.invalidRequest("messages", "The model '" + model + "' does not accept image input.");
        }
        long now = clock.millis();
        try {
            return new GatewayRequest(
                    ids.next(),
                    caller.tenantId(),
                    caller.projectId(),
                    caller.apiKeyId(),
                    model,
                    messages,
                    params,
                    stream,
                    replyTopic,
                    now,
                    now + requestTimeout.toMillis(),
                    Priority.INTERACTIVE,
                    cachePolicy(cacheControl),
                    traceparent.map(String::strip).filter(t -> TRACEPARENT.matcher(t).matches()).orElse(null),
                    tokens.count(model, messages),
                    null,
                    null,
                    tools,
                    toolChoice,
                    responseFormat,
                    parallelToolCalls);
        } catch (IllegalArgumentException e) {
            // The unified format's own checks (a tool result without its call, a tool choice naming no tool).
            throw ApiError.invalidRequest(null, "Invalid request: " + e.getMessage() + ".");
        }
    }

    private static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw ApiError.invalidRequest("model", "You must provide a model parameter.");
        }
        return model;
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
        return new SamplingParams(temperature, topP, maxTokens, stop(body.stop()), body.seed(), null,
                penalty(body.frequencyPenalty(), "frequency_penalty"), penalty(body.presencePenalty(),
                "presence_penalty"));
    }

    private static Double penalty(Double value, String param) {
        if (value != null && !(value >= -2 && value <= 2)) {
            throw ApiError.invalidRequest(param, "Invalid value for '" + param + "': must be between -2 and 2.");
        }
        return value;
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
