package io.llmgateway.cache.index;

import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.TokenUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of one partition of the cache entries topic: a writer fed by the entry
 * feed, reads through a {@link SearcherManager} refreshed off the request path, and the topic
 * offset it has applied up to in the commit data, so a restart resumes instead of replaying.
 *
 * <p>Every query is filtered by tenant with a {@link TermQuery} on an untokenized field (never
 * a prefix of some text); the semantic tier adds model and scope (system prompt, parameters)
 * and an unexpired-only range.
 */
public final class CacheShard implements AutoCloseable {

    static final String KEY = "key";
    static final String TENANT = "tenant";
    static final String MODEL = "model";
    static final String SCOPE = "scope";
    static final String EXACT = "exact";
    static final String EXPIRES = "expires_at";
    static final String CREATED = "created_at";
    static final String VECTOR = "vector";
    static final String PROMPT = "prompt";
    static final String CONTENT = "content";
    static final String MODEL_SERVED = "model_served";
    static final String PROVIDER = "provider";
    static final String INPUT_TOKENS = "input_tokens";
    static final String OUTPUT_TOKENS = "output_tokens";

    /** Commit data: the next topic offset to apply, and when that was committed. */
    static final String OFFSET = "topic_offset";
    static final String COMMITTED_AT = "committed_at_ms";

    private final int partition;
    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** Opens (or creates) the shard's index in {@code path}. */
    public CacheShard(int partition, Path path) throws IOException {
        this.partition = partition;
        this.path = path;
        this.directory = FSDirectory.open(path);
        try {
            // A larger buffer than the default 16 MB: vectors are 1.5 KB each, and fewer, larger
            // segments mean fewer HNSW graphs for every query to search.
            this.writer = new IndexWriter(directory, new IndexWriterConfig().setCommitOnClose(false)
                    .setRAMBufferSizeMB(64));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    public int partition() {
        return partition;
    }

    public Path path() {
        return path;
    }

    /** The offset the last commit recorded, if any: where to resume reading the topic. */
    public OptionalLong committedOffset() {
        String offset = liveCommitData().get(OFFSET);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(offset));
    }

    /** When the last commit was made, epoch millis; empty for a new shard. */
    public OptionalLong committedAtMs() {
        String at = liveCommitData().get(COMMITTED_AT);
        return at == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(at));
    }

    private Map<String, String> liveCommitData() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /** Adds or replaces an entry; {@code vector} is null for a multi-turn entry (exact tier only). */
    public void put(CacheEntry entry, float[] vector) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(KEY, entry.kafkaKey(), Field.Store.YES));
        doc.add(new StringField(TENANT, entry.tenantId(), Field.Store.NO));
        doc.add(new StringField(MODEL, entry.model(), Field.Store.NO));
        doc.add(new StringField(SCOPE, entry.scopeKey(), Field.Store.NO));
        doc.add(new StringField(EXACT, entry.exactKey(), Field.Store.NO));
        doc.add(new LongPoint(EXPIRES, entry.expiresAtMs()));
        doc.add(new StoredField(EXPIRES, entry.expiresAtMs()));
        doc.add(new NumericDocValuesField(CREATED, entry.createdAtMs()));
        doc.add(new StoredField(CREATED, entry.createdAtMs()));
        if (vector != null) {
            doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.COSINE));
        }
        if (entry.prompt() != null) {
            doc.add(new StoredField(PROMPT, entry.prompt()));
        }
        doc.add(new StoredField(CONTENT, entry.content()));
        if (entry.modelServed() != null) {
            doc.add(new StoredField(MODEL_SERVED, entry.modelServed()));
        }
        if (entry.provider() != null) {
            doc.add(new StoredField(PROVIDER, entry.provider()));
        }
        doc.add(new StoredField(INPUT_TOKENS, entry.usage().inputTokens()));
        doc.add(new StoredField(OUTPUT_TOKENS, entry.usage().outputTokens()));
        writer.updateDocument(new Term(KEY, entry.kafkaKey()), doc);
    }

    public void delete(String kafkaKey) throws IOException {
        writer.deleteDocuments(new Term(KEY, kafkaKey));
    }

    /** Deletes every entry of the tenant; returns their keys (for tombstones on the topic). */
    public List<String> purge(String tenantId) throws IOException {
        List<String> keys = keysOf(new TermQuery(new Term(TENANT, tenantId)), null, Integer.MAX_VALUE);
        writer.deleteDocuments(new Term(TENANT, tenantId));
        return keys;
    }

    /** Deletes the entries expired at {@code nowMs}; returns their keys. */
    public List<String> deleteExpired(long nowMs) throws IOException {
        Query expired = LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, nowMs);
        List<String> keys = keysOf(expired, null, Integer.MAX_VALUE);
        writer.deleteDocuments(expired);
        return keys;
    }

    /** Deletes the tenant's oldest entries beyond {@code cap}; returns their keys. */
    public List<String> trimTenant(String tenantId, int cap) throws IOException {
        searchers.maybeRefreshBlocking(); // count what was just applied too
        IndexSearcher searcher = searchers.acquire();
        try {
            Query tenant = new TermQuery(new Term(TENANT, tenantId));
            int count = searcher.count(tenant);
            if (count <= cap) {
                return List.of();
            }
            List<String> oldest = keysOf(tenant, new Sort(new SortField(CREATED, SortField.Type.LONG)), count - cap);
            for (String key : oldest) {
                writer.deleteDocuments(new Term(KEY, key));
            }
            return oldest;
        } finally {
            searchers.release(searcher);
        }
    }

    private List<String> keysOf(Query query, Sort sort, int max) throws IOException {
        searchers.maybeRefreshBlocking(); // maintenance sees every applied change, not the last refresh
        IndexSearcher searcher = searchers.acquire();
        try {
            int n = Math.max(1, Math.min(max, Math.max(1, searcher.getIndexReader().maxDoc())));
            TopDocs top = sort == null ? searcher.search(query, n) : searcher.search(query, n, sort);
            StoredFields stored = searcher.storedFields();
            List<String> keys = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                keys.add(stored.document(hit.doc).get(KEY));
            }
            return keys;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The unexpired entry of this tenant with this exact key, if any. */
    public CachedAnswer exact(String tenantId, String exactKey, long nowMs) throws IOException {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, tenantId)), Occur.FILTER)
                .add(new TermQuery(new Term(EXACT, exactKey)), Occur.FILTER)
                .add(unexpired(nowMs), Occur.FILTER)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(query, 1);
            return top.scoreDocs.length == 0 ? null : answer(searcher, top.scoreDocs[0].doc, 1.0);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The {@code k} nearest unexpired entries of this tenant, model and scope, best first. Asking
     * for more than one widens the HNSW search (an unfiltered k=1 query often misses the true
     * nearest neighbour); with a selective filter Lucene scans the slice exactly.
     */
    public List<CachedAnswer> nearest(String tenantId, String model, String scopeKey, float[] vector, int k,
                                      long nowMs) throws IOException {
        Query filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, tenantId)), Occur.FILTER)
                .add(new TermQuery(new Term(MODEL, model)), Occur.FILTER)
                .add(new TermQuery(new Term(SCOPE, scopeKey)), Occur.FILTER)
                .add(unexpired(nowMs), Occur.FILTER)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, k, filter), k);
            List<CachedAnswer> answers = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                // Lucene scores cosine as (1 + cos) / 2, so that scores are never negative.
                answers.add(answer(searcher, hit.doc, 2.0 * hit.score - 1.0));
            }
            return answers;
        } finally {
            searchers.release(searcher);
        }
    }

    private static Query unexpired(long nowMs) {
        return LongPoint.newRangeQuery(EXPIRES, nowMs + 1, Long.MAX_VALUE);
    }

    private static CachedAnswer answer(IndexSearcher searcher, int docId, double similarity) throws IOException {
        Document doc = searcher.storedFields().document(docId);
        return new CachedAnswer(doc.get(KEY), doc.get(PROMPT), doc.get(CONTENT), doc.get(MODEL_SERVED),
                doc.get(PROVIDER), new TokenUsage(doc.getField(INPUT_TOKENS).numericValue().intValue(),
                doc.getField(OUTPUT_TOKENS).numericValue().intValue(), 0),
                doc.getField(CREATED).numericValue().longValue(), similarity);
    }

    /** Entries visible to lookups now. */
    public int size() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Index segments visible to lookups now; each has its own HNSW graph to search. */
    public int segments() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Makes applied changes visible to lookups; called by the refresher, never by a lookup. */
    public void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    /** Makes applied changes visible before returning (tests and maintenance). */
    public void refreshNow() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Drops every entry (a rebuild from the start of the topic follows). */
    public void clear() throws IOException {
        writer.deleteAll();
    }

    /** Makes everything applied durable, with the next topic offset to read. */
    public void commit(long nextOffset, long nowMs) throws IOException {
        writer.setLiveCommitData(Map.of(OFFSET, Long.toString(nextOffset), COMMITTED_AT, Long.toString(nowMs))
                .entrySet());
        writer.commit();
    }

    /** Closes readers, writer and directory; uncommitted changes are lost (the topic has them). */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
