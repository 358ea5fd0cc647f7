package io.llmgateway.cache.policy;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A logistic regression over the question's MiniLM embedding (the vector the semantic tier
 * computes anyway), trained with LIBLINEAR on the labelled training prompts: the probability that
 * a prompt is a plain factual request. It catches what the {@link LinguisticClassifier} has no
 * rule for; neither alone decides that an answer may be cached.
 *
 * <p>The model ships as {@code policy/cacheability-model.txt}; the test sources' {@code
 * TrainCacheabilityModel} rebuilds it from the training split with the same embedder.
 */
public final class LearnedCacheability {

    /** Class labels in the model file. */
    public static final int FACTUAL = 0;
    public static final int TIME = 1;
    public static final int PERSONAL = 2;
    public static final int CREATIVE = 3;
    public static final int RANDOM = 4;

    public static final String RESOURCE = "/policy/cacheability-model.txt";

    private final Model model;
    private final double minimumFactual;
    /** Embeds for the model when the cache's own vectors come from another model; null when they are MiniLM's. */
    private final Embedder ownEmbedder;

    /**
     * @param minimumFactual the probability of "factual" under which a prompt is not cached (the
     *     bar is high on purpose: a wrong hit costs more than a miss)
     */
    public LearnedCacheability(Model model, double minimumFactual) {
        this(model, minimumFactual, null);
    }

    private LearnedCacheability(Model model, double minimumFactual, Embedder ownEmbedder) {
        this.model = model;
        this.minimumFactual = minimumFactual;
        this.ownEmbedder = ownEmbedder;
    }

    /**
     * This model, reading the vectors of {@code cacheEmbedder} when it is MiniLM, else embedding
     * each question again with {@code miniLm} (a provider's vectors are not what it was trained on).
     */
    public LearnedCacheability alongside(Embedder cacheEmbedder, java.util.function.Supplier<Embedder> miniLm) {
        return MiniLmEmbedder.MODEL.equals(cacheEmbedder.model()) ? this
                : new LearnedCacheability(model, minimumFactual, miniLm.get());
    }

    /** The embedder this policy opened for itself, if any: its owner closes it. */
    public java.util.Optional<Embedder> ownEmbedder() {
        return java.util.Optional.ofNullable(ownEmbedder);
    }

    /** Judges a question from the cache's vector of it, or from its own when the cache's is another model's. */
    public Cacheability judge(String question, float[] cacheVector) {
        return judge(ownEmbedder == null ? cacheVector : ownEmbedder.embed(question));
    }

    /** The shipped model. */
    public static LearnedCacheability shipped(double minimumFactual) {
        try (InputStream in = LearnedCacheability.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + " on the class path");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.US_ASCII)) {
                return new LearnedCacheability(Model.load(reader), minimumFactual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Cacheable, or the likeliest uncacheable category when "factual" is under the bar. */
    public Cacheability judge(float[] vector) {
        double[] p = probabilities(vector);
        if (p[FACTUAL] >= minimumFactual) {
            return Cacheability.CACHEABLE;
        }
        int best = TIME;
        for (int c = TIME; c <= RANDOM; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return Cacheability.not(category(best), "the learned model reads it as " + category(best).label()
                + String.format(" (factual %.2f)", p[FACTUAL]));
    }

    /** The probability of each class label, indexed by label. */
    public double[] probabilities(float[] vector) {
        double[] byPosition = new double[model.getNrClass()];
        Linear.predictProbability(model, features(vector), byPosition);
        double[] byLabel = new double[RANDOM + 1];
        int[] labels = model.getLabels();
        for (int i = 0; i < labels.length; i++) {
            byLabel[labels[i]] = byPosition[i];
        }
        return byLabel;
    }

    public static Feature[] features(float[] vector) {
        Feature[] features = new Feature[vector.length];
        for (int i = 0; i < vector.length; i++) {
            features[i] = new FeatureNode(i + 1, vector[i]);
        }
        return features;
    }

    public static Category category(int label) {
        return switch (label) {
            case TIME -> Category.TIME_SENSITIVE;
            case PERSONAL -> Category.PERSONAL;
            case CREATIVE -> Category.CREATIVE;
            case RANDOM -> Category.RANDOMNESS;
            default -> throw new IllegalArgumentException("not an uncacheable label: " + label);
        };
    }

    public static int label(String kind) {
        return switch (kind) {
            case "factual" -> FACTUAL;
            case "time" -> TIME;
            case "personal" -> PERSONAL;
            case "creative" -> CREATIVE;
            case "random" -> RANDOM;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
