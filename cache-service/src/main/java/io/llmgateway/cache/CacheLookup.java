package io.llmgateway.cache;

import io.llmgateway.cache.embed.EmbeddingException;
import io.llmgateway.cache.embed.RecentEmbeddings;
import io.llmgateway.cache.index.CacheShard;
import io.llmgateway.cache.index.CachedAnswer;
import io.llmgateway.cache.index.ShardSet;
import io.llmgateway.cache.key.CacheKeys;
import io.llmgateway.cache.key.CanonicalRequest;
import io.llmgateway.cache.policy.Cacheability;
import io.llmgateway.cache.policy.CacheabilityClassifier;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.verify.ParaphraseVerifier;
import io.llmgateway.cache.verify.Question;
import io.llmgateway.cache.verify.QuestionReader;
import io.llmgateway.cache.verify.Verdict;
import io.llmgateway.common.config.CacheSettings;
import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheFill;
import io.llmgateway.schemas.CachePolicy;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.store.AlreadyClosedException;

/**
 * Decides what the cache does with a request, in this order:
 * <ol>
 *   <li>policy: cache disabled, {@code no-store}, an uncacheable tenant or model, a temperature
 *       above {@code max_temperature}: bypass, store nothing;
 *   <li>the classifier: time-sensitive, personal, creative or random requests bypass and are not
 *       stored (a tenant may allow creative or randomness);
 *   <li>{@code no-cache}: bypass, but the fresh answer may be stored;
 *   <li>the exact tier: the same canonical request of the same tenant;
 *   <li>the learned policy, single-turn text questions only: the question's embedding read by
 *       {@link LearnedCacheability}; a prompt it does not read as factual bypasses, and nothing
 *       is stored (the exact tier may answer before it: only answers that passed it were stored);
 *   <li>the semantic tier, single-turn text questions only: the nearest questions of the same
 *       tenant, model and scope above the similarity threshold, the first one the verifier accepts;
 *   <li>else a miss, with the keys the router stores the answer under.
 * </ol>
 * The first three are {@link #screen} (microseconds, no index); the rest is {@link #search}, which
 * the service runs on its search threads so that a bypass never waits for it.
 */
public final class CacheLookup {

    private final CacheSettings settings;
    private final ShardSet shards;
    private final RecentEmbeddings embeddings;
    private final CacheabilityClassifier classifier;
    private final LearnedCacheability learned;
    private final QuestionReader reader;
    private final ParaphraseVerifier verifier;
    private final Clock clock;

    /** @param embeddings shared with the entry feed, which reuses the vectors lookups computed */
    public CacheLookup(CacheSettings settings, ShardSet shards, RecentEmbeddings embeddings,
                       CacheabilityClassifier classifier, LearnedCacheability learned, Clock clock) {
        this.settings = settings;
        this.shards = shards;
        this.embeddings = embeddings;
        this.classifier = classifier;
        this.learned = learned;
        this.reader = new QuestionReader();
        this.verifier = new ParaphraseVerifier(reader);
        this.clock = clock;
    }

    /** @param partition the partition of {@code llm.admitted} the request came from: its shard */
    public Lookup lookup(GatewayRequest request, int partition) throws IOException {
        return switch (screen(request)) {
            case Screening.Decided decided -> decided.forward();
            case Screening.Search search -> search(request, search, partition);
        };
    }

    /**
     * The policy alone, before any parsing: the reason a request bypasses the cache whatever it
     * asks, else null.
     */
    public String policyBypass(GatewayRequest request) {
        if (!settings.enabled()) {
            return "cache disabled";
        }
        if (request.cachePolicy() == CachePolicy.NO_STORE) {
            return "no-store";
        }
        if (settings.uncacheableTenants().contains(request.tenantId())) {
            return "tenant uncacheable";
        }
        if (settings.uncacheableModels().contains(request.model())) {
            return "model uncacheable";
        }
        double temperature = request.params().temperature() == null ? 0 : request.params().temperature();
        if (temperature > settings.maxTemperature()) {
            return "temperature " + temperature + " > " + settings.maxTemperature();
        }
        return null;
    }

    /** Policy, classifier and {@code no-cache}: a bypass, or the keys of a search. No index, no embedding. */
    public Screening screen(GatewayRequest request) {
        String policy = policyBypass(request);
        if (policy != null) {
            return new Screening.Decided(bypass(policy, null));
        }
        String tenant = request.tenantId();
        CacheKeys keys = CanonicalRequest.keysOf(request);
        Cacheability cacheability = classifier.classify(keys.systemPrompt(), keys.userText());
        if (!cacheability.cacheable() && !settings.allowedCategoriesFor(tenant).contains(cacheability.category().label())) {
            return new Screening.Decided(bypass(cacheability.reason(), null));
        }
        CacheFill fill = new CacheFill(keys.exactKey(), keys.scopeKey(), keys.prompt(),
                settings.ttlFor(tenant, request.model()).toMillis());
        if (request.cachePolicy() == CachePolicy.NO_CACHE) {
            return new Screening.Decided(bypass("no-cache", fill));
        }
        return new Screening.Search(keys, fill);
    }

    /** The exact tier, then the semantic tier, on the shard of {@code partition}. */
    public Lookup search(GatewayRequest request, Screening.Search screened, int partition) throws IOException {
        Optional<CacheShard> shard = shards.ready(partition);
        if (shard.isEmpty()) {
            return miss(shards.owns(partition) ? "shard loading" : "shard not owned here", screened.fill());
        }
        try {
            return lookup(shard.get(), request, screened.keys(), screened.fill());
        } catch (AlreadyClosedException e) {
            return miss("shard released during lookup", screened.fill());
        }
    }

    private Lookup lookup(CacheShard shard, GatewayRequest request, CacheKeys keys, CacheFill fill) throws IOException {
        long now = clock.millis();
        CachedAnswer exact = shard.exact(request.tenantId(), keys.exactKey(), now);
        if (exact != null) {
            return new Lookup.Hit(exact, CacheStatus.HIT, "exact");
        }
        if (!keys.singleTurn()) {
            return miss("no exact entry; multi-turn, tools or media: exact tier only", fill);
        }
        float[] vector;
        try {
            vector = embeddings.embedRemembering(keys.prompt());
        } catch (EmbeddingException e) {
            return miss("no exact entry; embedding failed: " + e.getMessage(), fill);
        }
        Cacheability judged = learned.judge(keys.prompt(), vector);
        if (!judged.cacheable() && !settings.allowedCategoriesFor(request.tenantId()).contains(judged.category().label())) {
            return bypass(judged.reason(), null);
        }
        if (!searchesSemantically(request)) {
            return miss("no exact entry; exact tier only for this request", fill);
        }
        double threshold = settings.similarityThresholdFor(request.tenantId(), request.model());
        List<CachedAnswer> nearest = shard.nearest(request.tenantId(), request.model(), keys.scopeKey(), vector,
                settings.candidates(), now);
        Question asked = null;
        String rejection = null;
        for (CachedAnswer candidate : nearest) {
            if (candidate.similarity() < threshold || candidate.prompt() == null) {
                continue;
            }
            if (asked == null) {
                asked = reader.read(keys.prompt());
            }
            Verdict verdict = verifier.verify(asked, reader.read(candidate.prompt()));
            if (verdict.accepted()) {
                return new Lookup.Hit(candidate, CacheStatus.SEMANTIC_HIT, verdict.reason());
            }
            if (rejection == null) {
                // The reason names what differed, never words of the cached question: it belongs to
                // another request, possibly another user of the tenant.
                rejection = String.format("near miss at %.3f: %s", candidate.similarity(), verdict.reason());
            }
        }
        return miss(rejection != null ? rejection : "no entry", fill);
    }

    /** Interactive requests search both tiers; batch ones the exact tier only, unless they or the config ask. */
    private boolean searchesSemantically(GatewayRequest request) {
        return switch (request.cachePolicy()) {
            case EXACT -> false;
            case SEMANTIC -> true;
            default -> request.priority() != Priority.BATCH || settings.batchSemantic();
        };
    }

    private static Lookup.Forward bypass(String reason, CacheFill fill) {
        return new Lookup.Forward(new CacheDecision(CacheStatus.BYPASS, reason, fill));
    }

    private static Lookup.Forward miss(String reason, CacheFill fill) {
        return new Lookup.Forward(new CacheDecision(CacheStatus.MISS, reason, fill));
    }
}
