package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.InputTokenCounter;
import io.llmgateway.ingress.batch.BatchJobs.BatchJob;
import io.llmgateway.safety.ContentFilters;
import io.llmgateway.safety.PromptFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Batch API's machinery on one ingress instance: the files and jobs (compacted topics every
 * instance reads), the producer of the jobs' requests, and the jobs this instance runs.
 */
public final class BatchContext implements AutoCloseable {

    /** Topics of the Batch API's state; both compacted. */
    public static final String FILES_TOPIC = "llm.batch.files";
    public static final String JOBS_TOPIC = "llm.batch.jobs";
    /** OpenAI's only completion window. */
    static final String COMPLETION_WINDOW = "24h";
    static final Duration WINDOW = Duration.ofHours(24);

    private final GatewayConfig config;
    private final Clock clock;
    private final BatchFiles files;
    private final BatchJobs jobs;
    private final BatchPublisher publisher;
    private final InputTokenCounter tokens;
    private final PromptFilter filter;
    private final Map<String, BatchRun> running = new ConcurrentHashMap<>();

    /**
     * @param instanceId names this instance's Kafka clients
     * @param signingKey the ingress's key: the jobs' requests are signed with it
     */
    public BatchContext(GatewayConfig config, Clock clock, String instanceId, String signingKey) {
        this.config = config;
        this.clock = clock;
        this.files = new BatchFiles(config.kafka(), FILES_TOPIC, instanceId + "-batch-files");
        this.jobs = new BatchJobs(config.kafka(), JOBS_TOPIC, instanceId + "-batch-jobs");
        this.publisher = new BatchPublisher(config.kafka(), config.topics().requestsTopic(), instanceId + "-batch",
                signingKey);
        this.tokens = new InputTokenCounter(config.models());
        this.filter = new PromptFilter(new ContentFilters(config.contentSafety()));
    }

    /** The topics the Batch API keeps its state in, compacted: create them before {@link #start()}. */
    public static java.util.List<String> stateTopics() {
        return java.util.List.of(FILES_TOPIC, JOBS_TOPIC);
    }

    public BatchContext start() {
        files.start();
        jobs.start();
        return this;
    }

    public boolean isReady() {
        return files.isReady() && jobs.isReady();
    }

    /** Creates a job in status {@code validating} and starts running it on this instance. */
    BatchJob create(Caller caller, String inputFileId, String endpoint, Map<String, String> metadata) {
        if (files.find(caller.tenantId(), inputFileId).filter(f -> FileObject.PURPOSE_BATCH.equals(
                f.file().purpose())).isEmpty()) {
            throw new ApiError(400, "invalid_request_error", "input_file_id", "invalid_file",
                    "No batch input file found with id '" + inputFileId + "'.", null);
        }
        long now = clock.millis() / 1000;
        String id = BatchIds.batch();
        BatchObject batch = new BatchObject(id, BatchObject.OBJECT, endpoint, null, inputFileId, COMPLETION_WINDOW,
                BatchObject.VALIDATING, null, null, now, null, now + WINDOW.toSeconds(), null, null, null, null, null,
                null, new BatchObject.RequestCounts(0, 0, 0), metadata);
        BatchJob job = new BatchJob(caller.tenantId(), batch, config.topics().repliesTopic("jobs." + id).name(), 0);
        jobs.put(job);
        BatchRun run = new BatchRun(this, job, caller);
        running.put(id, run);
        Thread.ofVirtual().name("batch-" + id).start(run::run);
        return job;
    }

    /** Asks for a job's cancellation: the instance running it stops sending and finishes it as cancelled. */
    BatchJob cancel(BatchJob job) {
        if (job.batch().isTerminal() || BatchObject.CANCELLING.equals(job.batch().status())) {
            return job;
        }
        BatchJob cancelling = job.next(job.batch().at(BatchObject.CANCELLING, clock.millis() / 1000));
        jobs.put(cancelling);
        return cancelling;
    }

    BatchRequests requests(String resultTopic) {
        return new BatchRequests(config, tokens, filter, clock, resultTopic);
    }

    void finished(BatchRun run) {
        running.remove(run.id());
    }

    GatewayConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    BatchFiles files() {
        return files;
    }

    BatchJobs jobs() {
        return jobs;
    }

    BatchPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        running.values().forEach(BatchRun::stop);
        publisher.close();
        jobs.close();
        files.close();
    }
}
