package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.KafkaSettings;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Batch API's files (uploaded inputs, the output and error files jobs write), in a compacted
 * topic: key {@code <file id>} holds the file's metadata ({@link StoredFile}), keys
 * {@code <file id>/<n>} its content in chunks under the record size limit. Every instance keeps the
 * whole topic in memory, so any of them serves any file.
 */
public final class BatchFiles implements AutoCloseable {

    private static final char CHUNK_MARK = '/';

    private final CompactedTable table;
    private final int chunkBytes;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> chunks = new ConcurrentHashMap<>();

    /**
     * A file's metadata and who owns it.
     *
     * @param chunks how many chunk records hold its content
     */
    public record StoredFile(String tenantId, FileObject file, int chunks) {}

    BatchFiles(KafkaSettings kafka, String topic, String clientId) {
        // Half the record limit leaves room for the key, headers and Kafka's batch overhead.
        this.chunkBytes = Math.max(1024, kafka.maxRecordBytes() / 2);
        this.table = new CompactedTable(kafka, topic, clientId, this::apply);
    }

    BatchFiles start() {
        table.start();
        return this;
    }

    boolean isReady() {
        return table.isReady();
    }

    /** Stores a file: its chunks first, its metadata last, so a file that is listed is whole. */
    FileObject store(String tenantId, String id, String filename, String purpose, byte[] content, long nowSeconds) {
        int count = 0;
        for (int from = 0; from < content.length || count == 0; from += chunkBytes, count++) {
            byte[] chunk = java.util.Arrays.copyOfRange(content, from, Math.min(content.length, from + chunkBytes));
            String key = id + CHUNK_MARK + count;
            table.put(key, chunk);
            chunks.put(key, chunk);
        }
        StoredFile stored = new StoredFile(tenantId, FileObject.of(id, content.length, nowSeconds, filename, purpose),
                count);
        table.put(id, BatchJson.write(stored));
        files.put(id, stored);
        return stored.file();
    }

    /** A file of the tenant's; empty when there is none or it is another tenant's. */
    Optional<StoredFile> find(String tenantId, String id) {
        StoredFile stored = files.get(id);
        return stored != null && stored.tenantId().equals(tenantId) ? Optional.of(stored) : Optional.empty();
    }

    /** The whole content of a stored file; empty while a chunk has not been read yet. */
    Optional<byte[]> content(StoredFile stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(stored.file().bytes(), Integer.MAX_VALUE));
        for (int i = 0; i < stored.chunks(); i++) {
            byte[] chunk = chunks.get(stored.file().id() + CHUNK_MARK + i);
            if (chunk == null) {
                return Optional.empty();
            }
            out.writeBytes(chunk);
        }
        return Optional.of(out.toByteArray());
    }

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        boolean chunk = key.indexOf(CHUNK_MARK) >= 0;
        if (value == null) {
            (chunk ? chunks : files).remove(key);
        } else if (chunk) {
            chunks.put(key, value);
        } else {
            files.put(key, BatchJson.read(value, StoredFile.class));
        }
    }

    @Override
    public void close() {
        table.close();
    }
}
