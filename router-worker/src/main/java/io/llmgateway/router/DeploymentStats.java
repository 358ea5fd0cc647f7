package io.llmgateway.router;

import io.llmgateway.common.config.Deployment;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What this worker saw of each deployment, for the least-busy and lowest-latency strategies:
 * calls in flight, and a moving average of time to first token. Local to the worker on purpose:
 * no coordination on the request path, and each worker balances its own share.
 */
final class DeploymentStats {

    /** Weight of the newest observation in the moving average. */
    private static final double ALPHA = 0.3;

    private final ConcurrentMap<String, Stat> stats = new ConcurrentHashMap<>();

    private static final class Stat {
        private int inFlight;
        private double firstTokenMs = Double.NaN;
    }

    void started(Deployment deployment) {
        Stat stat = stat(deployment);
        synchronized (stat) {
            stat.inFlight++;
        }
    }

    /** @param firstTokenMs the call's time to first token; null when it failed */
    void finished(Deployment deployment, Long firstTokenMs) {
        Stat stat = stat(deployment);
        synchronized (stat) {
            stat.inFlight--;
            if (firstTokenMs != null) {
                stat.firstTokenMs = Double.isNaN(stat.firstTokenMs) ? firstTokenMs
                        : ALPHA * firstTokenMs + (1 - ALPHA) * stat.firstTokenMs;
            }
        }
    }

    int inFlight(Deployment deployment) {
        Stat stat = stat(deployment);
        synchronized (stat) {
            return stat.inFlight;
        }
    }

    /** Empty until a call of the deployment succeeded. */
    OptionalDouble firstTokenMs(Deployment deployment) {
        Stat stat = stat(deployment);
        synchronized (stat) {
            return Double.isNaN(stat.firstTokenMs) ? OptionalDouble.empty() : OptionalDouble.of(stat.firstTokenMs);
        }
    }

    private Stat stat(Deployment deployment) {
        return stats.computeIfAbsent(deployment.id(), id -> new Stat());
    }
}
