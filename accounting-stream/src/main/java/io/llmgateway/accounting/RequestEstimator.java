package io.llmgateway.accounting;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.schemas.ChatMessage;
import io.llmgateway.schemas.GatewayRequest;
import java.util.Locale;

/**
 * Estimates what a request reserves: its input tokens (the ingress counts them; a batch producer
 * may not, and then they are counted here), plus the output it may ask for (its max_tokens, or the
 * model's default), priced at the model's list price.
 */
final class RequestEstimator {

    /** OpenAI's chat framing: each message costs 3 tokens beyond its text, the reply is primed with 3. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PRIMING_REPLY = 3;

    /**
     * One vocabulary for every model: this only sizes a reservation, which reconciliation
     * replaces with the provider's real count. Loaded once per JVM (large, immutable, thread-safe).
     */
    private static final class Vocabulary {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private final AccountingSettings settings;
    private final Pricing pricing;

    RequestEstimator(AccountingSettings settings, Pricing pricing) {
        this.settings = settings;
        this.pricing = pricing;
    }

    /** Loads the vocabulary now, at start, instead of on the clock of the first uncounted request. */
    static void warmUp() {
        Vocabulary.O200K.countTokensOrdinary("warm up");
    }

    Estimate estimate(GatewayRequest request) {
        long input = request.estimatedInputTokens() > 0 ? request.estimatedInputTokens() : countInput(request);
        Integer maxTokens = request.params().maxTokens();
        long output = maxTokens != null ? maxTokens : settings.maxTokensFor(request.model());
        return new Estimate(input, output, pricing.estimate(request.model(), input, output));
    }

    static int countInput(GatewayRequest request) {
        int tokens = TOKENS_PRIMING_REPLY;
        for (ChatMessage message : request.messages()) {
            // "Ordinary": text that looks like a special token is counted as text, never refused.
            tokens += TOKENS_PER_MESSAGE
                    + Vocabulary.O200K.countTokensOrdinary(message.role().name().toLowerCase(Locale.ROOT))
                    + Vocabulary.O200K.countTokensOrdinary(message.text());
        }
        return tokens;
    }
}
