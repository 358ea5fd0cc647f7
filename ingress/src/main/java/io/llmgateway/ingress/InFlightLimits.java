package io.llmgateway.ingress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps on the requests in flight at this instance: {@code ingress.max_in_flight} in all, and
 * {@code ingress.max_in_flight_per_tenant} for one tenant. A slot is taken right after the key is
 * checked, before any byte of the body is read, and held until the handler returns (a stream
 * while it is open). Over a cap the request is refused at once, so a flood of large bodies or
 * long streams cannot fill the heap or starve other tenants: 429 when the tenant is over its
 * share, 503 when the instance is full (another instance may have room).
 */
final class InFlightLimits {

    /** What a refused caller is told to wait: in-flight requests finish in seconds. */
    static final long RETRY_AFTER_MS = 1_000;

    private final int perInstance;
    private final int perTenant;
    private final Semaphore instance;
    /** One per tenant of the config: keys come from authenticated callers only, so the map stays small. */
    private final Map<String, Semaphore> tenants = new ConcurrentHashMap<>();

    InFlightLimits(int perInstance, int perTenant) {
        this.perInstance = perInstance;
        this.perTenant = perTenant;
        this.instance = new Semaphore(perInstance);
    }

    /**
     * Takes a slot for one request of {@code tenantId}; close it when the request is done.
     *
     * @throws ApiError 429 when the tenant has {@code max_in_flight_per_tenant} requests in
     *     flight here, 503 when the instance has {@code max_in_flight}; both with {@code retry-after}
     */
    Slot acquire(String tenantId) {
        Semaphore tenant = tenants.computeIfAbsent(tenantId, t -> new Semaphore(perTenant));
        if (!tenant.tryAcquire()) {
            throw new ApiError(429, "rate_limit_error", null, "concurrency_limit_exceeded",
                    "Too many concurrent requests for tenant " + tenantId + ": at most " + perTenant
                            + " at once on this gateway instance. Retry when one has finished.", RETRY_AFTER_MS);
        }
        if (!instance.tryAcquire()) {
            tenant.release();
            throw new ApiError(503, "service_unavailable", null, "server_overloaded",
                    "The gateway instance is serving its maximum of " + perInstance
                            + " concurrent requests; retry shortly.", RETRY_AFTER_MS);
        }
        return new Slot(tenant);
    }

    /** Requests in flight on this instance now. */
    int inFlight() {
        return perInstance - instance.availablePermits();
    }

    /** Requests of one tenant in flight on this instance now. */
    int inFlight(String tenantId) {
        Semaphore tenant = tenants.get(tenantId);
        return tenant == null ? 0 : perTenant - tenant.availablePermits();
    }

    /** One request's place under both caps; closing it twice gives it back once. */
    final class Slot implements AutoCloseable {

        private final Semaphore tenant;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(Semaphore tenant) {
            this.tenant = tenant;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                instance.release();
                tenant.release();
            }
        }
    }
}
