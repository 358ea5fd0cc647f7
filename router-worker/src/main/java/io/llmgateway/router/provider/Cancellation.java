package io.llmgateway.router.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * A signal that the caller of a call went away. The adapter registers how to stop its call (close
 * the response stream, cancel the exchange); {@link #cancel()} runs that at once, from any thread,
 * and {@link ProviderClient#stream} then ends with a {@link ProviderException.Kind#CANCELLED}.
 */
public final class Cancellation {

    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    /** For calls nobody can cancel. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(onCancel);
            onCancel.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancel; at once when already cancelled. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                onCancel.add(action);
                return;
            }
        }
        action.run();
    }
}
