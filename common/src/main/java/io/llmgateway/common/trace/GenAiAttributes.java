package io.llmgateway.common.trace;

import io.llmgateway.common.config.ProviderType;

/**
 * Attribute names of the spans: OpenTelemetry's GenAI semantic conventions (gen-ai-spans, as of
 * semantic conventions 1.37+: {@code gen_ai.provider.name} replaced {@code gen_ai.system}), the
 * messaging conventions for the Kafka hops, and the gateway's own, under {@code gateway.}.
 */
public final class GenAiAttributes {

    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    public static final String REQUEST_TOP_P = "gen_ai.request.top_p";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    public static final String ERROR_TYPE = "error.type";

    /** The one GenAI operation the gateway performs. */
    public static final String CHAT = "chat";

    public static final String MESSAGING_SYSTEM = "messaging.system";
    public static final String MESSAGING_DESTINATION = "messaging.destination.name";
    public static final String MESSAGING_OPERATION_TYPE = "messaging.operation.type";

    /** Which stage of the pipeline a span is: ingress, accounting, cache, router, provider. */
    public static final String STAGE = "gateway.stage";
    public static final String REQUEST_ID = "gateway.request_id";
    public static final String TENANT = "gateway.tenant_id";
    public static final String CACHE_STATUS = "gateway.cache.status";
    public static final String ADMISSION = "gateway.admission";
    /** The provider's name in the config (gen_ai.provider.name is its kind: openai, anthropic...). */
    public static final String PROVIDER = "gateway.provider";

    private GenAiAttributes() {}

    /**
     * {@code gen_ai.provider.name} of a provider: the convention's well-known values by the wire
     * format it speaks (an OpenAI-compatible server is told apart by {@link #PROVIDER}, its name).
     */
    public static String providerName(ProviderType type) {
        return switch (type) {
            case OPENAI, OPENAI_COMPATIBLE -> "openai";
            case ANTHROPIC -> "anthropic";
            case GEMINI -> "gcp.gemini";
        };
    }
}
