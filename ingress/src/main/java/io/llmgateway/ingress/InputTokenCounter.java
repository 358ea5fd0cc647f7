package io.llmgateway.ingress;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.schemas.ChatMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Counts a conversation's input tokens at the edge, for admission's reservation. An estimate:
 * providers other than OpenAI tokenize differently, and admission reconciles with the real usage.
 *
 * <p>Uses OpenAI's accounting for chat models: every message costs its role and content plus 3
 * framing tokens, and the reply is primed with 3 more.
 */
public final class InputTokenCounter {

    static final int TOKENS_PER_MESSAGE = 3;
    static final int TOKENS_PRIMING_REPLY = 3;

    /** Model names tokenized with o200k_base (the GPT-4o generation and later); cl100k_base otherwise. */
    private static final List<String> O200K_PREFIXES =
            List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "gpt-oss", "o1", "o3", "o4");

    /** Loaded once per JVM: the vocabularies are large (about a second to load) and immutable (thread-safe). */
    private static final class Vocabularies {
        private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
        static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
        static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
    }

    private final Map<String, ModelConfig> models;

    /** Loads the vocabularies now, at start, rather than on the clock of the first request. */
    public InputTokenCounter(Map<String, ModelConfig> models) {
        this.models = models;
        Objects.requireNonNull(Vocabularies.O200K);
        Objects.requireNonNull(Vocabularies.CL100K);
    }

    public int count(String modelAlias, List<ChatMessage> messages) {
        Encoding encoding = encodingFor(modelAlias);
        int tokens = TOKENS_PRIMING_REPLY;
        for (ChatMessage message : messages) {
            // "Ordinary": text that looks like a special token (<|endoftext|>) is counted as text, never refused.
            tokens += TOKENS_PER_MESSAGE
                    + encoding.countTokensOrdinary(message.role().name().toLowerCase(Locale.ROOT))
                    + encoding.countTokensOrdinary(message.text());
        }
        return tokens;
    }

    /** By the alias, or by any provider model behind it: an alias such as "fast" names no family. */
    Encoding encodingFor(String modelAlias) {
        ModelConfig model = models.get(modelAlias);
        Stream<String> names = Stream.concat(Stream.of(modelAlias),
                model == null ? Stream.empty() : model.deployments().stream().map(Deployment::model));
        return names.anyMatch(InputTokenCounter::isO200kFamily) ? Vocabularies.O200K : Vocabularies.CL100K;
    }

    static boolean isO200kFamily(String modelName) {
        // "openai/gpt-4o" and "azure/gpt-4o-mini" name the same family as "gpt-4o".
        String name = modelName.substring(modelName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return O200K_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
