package io.llmgateway.accounting;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * One {@link LedgerCache} per stream task, shared by the task's {@link Admission} and
 * {@link Reconciliation}: both change the same ledgers in the same store, so a cache of each
 * would serve one of them a ledger the other has since changed. One instance per topology, and
 * so per KafkaStreams instance, where a task id is unique.
 */
final class LedgerCaches {

    private final ConcurrentMap<TaskId, LedgerCache> byTask = new ConcurrentHashMap<>();

    LedgerCache of(TaskId task) {
        return byTask.computeIfAbsent(task, t -> new LedgerCache());
    }
}
