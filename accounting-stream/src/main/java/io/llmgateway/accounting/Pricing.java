package io.llmgateway.accounting;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.common.config.ModelConfig;
import io.llmgateway.common.config.ModelPrice;
import io.llmgateway.common.config.PriceTable;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Prices tokens from the config's price list. Amounts are exact decimals (tokens x USD per
 * million, moved six places): nothing is rounded, so any sum of cost records equals the totals
 * accounting keeps.
 */
final class Pricing {

    private static final int PER_MILLION = 6;

    private final PriceTable prices;
    private final Map<String, ModelConfig> models;

    Pricing(PriceTable prices, Map<String, ModelConfig> models) {
        this.prices = prices;
        this.models = models;
    }

    /** The cost record of a usage: priced by the model that answered, else by the alias asked for. */
    CostRecord cost(UsageRecord usage, long nowMs) {
        Optional<ModelPrice> price = prices.find(usage.modelServed()).or(() -> forAlias(usage.modelRequested()));
        ModelPrice applied = price.orElse(ModelPrice.FREE);
        TokenUsage tokens = usage.usage();
        long cached = Math.min(tokens.cachedInputTokens(), tokens.inputTokens());
        long uncached = tokens.inputTokens() - cached;
        BigDecimal inputCost = usd(uncached, applied.input());
        BigDecimal cachedCost = usd(cached, applied.cachedInput());
        BigDecimal outputCost = usd(tokens.outputTokens(), applied.output());
        return new CostRecord(usage.requestId(), usage.tenantId(), usage.projectId(), usage.apiKeyId(),
                usage.modelRequested(), usage.modelServed(), usage.provider(), usage.outcome(), tokens.inputTokens(),
                tokens.cachedInputTokens(), tokens.outputTokens(), tokens.reasoningTokens(), inputCost, cachedCost,
                outputCost, inputCost.add(cachedCost).add(outputCost), prices.label(), price.isPresent(),
                usage.cacheHit(), usage.fallbackUsed(), usage.startedAtMs(), usage.finishedAtMs(), nowMs);
    }

    /** The most a request to {@code alias} can cost with this many tokens (nothing cached). */
    BigDecimal estimate(String alias, long inputTokens, long outputTokens) {
        return forAlias(alias)
                .map(price -> usd(inputTokens, price.input()).add(usd(outputTokens, price.output())))
                .orElse(BigDecimal.ZERO);
    }

    /**
     * An alias's price: its own entry, else the dearest of the models behind it (a reservation
     * must not be smaller than what any deployment may charge).
     */
    private Optional<ModelPrice> forAlias(String alias) {
        Optional<ModelPrice> own = prices.find(alias);
        if (own.isPresent()) {
            return own;
        }
        ModelConfig model = models.get(alias);
        if (model == null) {
            return Optional.empty();
        }
        return model.deployments().stream()
                .map(Deployment::model)
                .map(prices::find)
                .flatMap(Optional::stream)
                .max(Comparator.comparing((ModelPrice p) -> p.input().add(p.output())));
    }

    private static BigDecimal usd(long tokens, BigDecimal perMillion) {
        return tokens == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(tokens).multiply(perMillion).movePointLeft(PER_MILLION);
    }
}
