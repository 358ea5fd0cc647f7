package io.llmgateway.mock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the current behaviour and decides, request by request, whether its fault applies. */
final class FaultSelector {

    /** The behaviour in force for one request, and the fault chosen for it. */
    record Decision(MockBehavior behavior, Fault fault) {}

    /** The counter of "next N requests" belongs to the behaviour it was set with. */
    private record State(MockBehavior behavior, AtomicInteger remaining) {}

    private final AtomicReference<State> state = new AtomicReference<>();

    FaultSelector(MockBehavior initial) {
        set(initial);
    }

    void set(MockBehavior behavior) {
        state.set(new State(behavior, new AtomicInteger(behavior.faultNext())));
    }

    MockBehavior behavior() {
        return state.get().behavior();
    }

    Decision next() {
        State current = state.get();
        MockBehavior behavior = current.behavior();
        return new Decision(behavior, selected(current) ? behavior.fault() : Fault.NONE);
    }

    private static boolean selected(State current) {
        MockBehavior behavior = current.behavior();
        if (behavior.fault() == Fault.NONE) {
            return false;
        }
        if (behavior.faultNext() > 0) {
            return current.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
        if (behavior.faultFraction() > 0) {
            return ThreadLocalRandom.current().nextDouble() < behavior.faultFraction();
        }
        return true;
    }
}
