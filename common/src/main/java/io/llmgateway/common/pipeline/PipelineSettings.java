package io.llmgateway.common.pipeline;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RecordPipeline} consumes.
 *
 * @param serviceName names the poll thread, the worker threads, the Kafka client id and the
 *     stage of dead letters
 * @param maxInFlight records handled at once; the pipeline pauses its partitions beyond that
 * @param pollTimeout longest a poll blocks; also bounds how late a commit can be
 * @param commitInterval least time between two offset commits while running
 * @param shutdownTimeout how long {@code close()} waits for running handlers before it
 *     interrupts them (their records are then re-delivered to the next owner)
 * @param sessionTimeout how long the group waits for a silent (crashed) instance before it hands
 *     its partitions to the others; null: Kafka's default (45 s)
 */
public record PipelineSettings(
        String serviceName,
        KafkaSettings kafka,
        String groupId,
        Topic<String, DeadLetter> deadLetterTopic,
        int maxInFlight,
        Duration pollTimeout,
        Duration commitInterval,
        Duration shutdownTimeout,
        Duration sessionTimeout) {

    public PipelineSettings {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
        }
        pollTimeout = pollTimeout == null ? Duration.ofMillis(100) : pollTimeout;
        commitInterval = commitInterval == null ? Duration.ofMillis(100) : commitInterval;
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
    }

    /** Kafka's default session timeout. */
    public PipelineSettings(String serviceName, KafkaSettings kafka, String groupId,
                            Topic<String, DeadLetter> deadLetterTopic, int maxInFlight, Duration pollTimeout,
                            Duration commitInterval, Duration shutdownTimeout) {
        this(serviceName, kafka, groupId, deadLetterTopic, maxInFlight, pollTimeout, commitInterval, shutdownTimeout,
                null);
    }

    /** Settings with the default poll, commit and shutdown timings. */
    public static PipelineSettings of(String serviceName, KafkaSettings kafka, String groupId,
                                      Topic<String, DeadLetter> deadLetterTopic, int maxInFlight) {
        return new PipelineSettings(serviceName, kafka, groupId, deadLetterTopic, maxInFlight, null, null, null);
    }

    public PipelineSettings withShutdownTimeout(Duration timeout) {
        return new PipelineSettings(serviceName, kafka, groupId, deadLetterTopic, maxInFlight, pollTimeout,
                commitInterval, timeout, sessionTimeout);
    }

    public PipelineSettings withSessionTimeout(Duration timeout) {
        return new PipelineSettings(serviceName, kafka, groupId, deadLetterTopic, maxInFlight, pollTimeout,
                commitInterval, shutdownTimeout, timeout);
    }
}
