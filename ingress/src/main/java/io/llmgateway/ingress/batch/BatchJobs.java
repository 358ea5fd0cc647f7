package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.KafkaSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every batch job's latest state, in a compacted topic keyed by batch id that each instance
 * reads whole: any instance answers {@code GET /v1/batches/{id}} for any job.
 */
public final class BatchJobs implements AutoCloseable {

    private final CompactedTable table;
    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();

    /**
     * One job as the topic holds it.
     *
     * @param resultTopic where the pipeline answers the job's requests
     * @param version raised by each write: a reader keeps the highest, so its own writes read back
     *     late never turn a job back to an older state
     */
    public record BatchJob(String tenantId, BatchObject batch, String resultTopic, long version) {
        BatchJob next(BatchObject newBatch) {
            return new BatchJob(tenantId, newBatch, resultTopic, version + 1);
        }
    }

    BatchJobs(KafkaSettings kafka, String topic, String clientId) {
        this.table = new CompactedTable(kafka, topic, clientId, this::apply);
    }

    BatchJobs start() {
        table.start();
        return this;
    }

    boolean isReady() {
        return table.isReady();
    }

    void put(BatchJob job) {
        table.put(job.batch().id(), BatchJson.write(job));
        keepNewest(job);
    }

    /** A job of the tenant's; empty when there is none or it is another tenant's. */
    Optional<BatchJob> find(String tenantId, String id) {
        BatchJob job = jobs.get(id);
        return job != null && job.tenantId().equals(tenantId) ? Optional.of(job) : Optional.empty();
    }

    /** The tenant's jobs, newest first (OpenAI's order), starting after the job {@code after} when given. */
    List<BatchJob> list(String tenantId, String after, int limit) {
        List<BatchJob> mine = jobs.values().stream()
                .filter(job -> job.tenantId().equals(tenantId))
                .sorted(Comparator.comparingLong((BatchJob job) -> job.batch().createdAt())
                        .thenComparing(job -> job.batch().id()).reversed())
                .toList();
        int from = 0;
        if (after != null) {
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).batch().id().equals(after)) {
                    from = i + 1;
                    break;
                }
            }
        }
        return mine.subList(Math.min(from, mine.size()), Math.min(mine.size(), from + limit));
    }

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            jobs.remove(key);
        } else {
            keepNewest(BatchJson.read(value, BatchJob.class));
        }
    }

    private void keepNewest(BatchJob job) {
        jobs.merge(job.batch().id(), job, (old, candidate) -> candidate.version() >= old.version() ? candidate : old);
    }

    @Override
    public void close() {
        table.close();
    }
}
