package io.llmgateway.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * This JVM's heap after a full collection, and its file descriptors. The suite runs the broker,
 * the whole gateway, the mock provider and the load generator in one JVM, so a heap figure from
 * here is an upper bound for any one service in it.
 */
public final class JvmMemory {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private JvmMemory() {}

    /**
     * Bytes of heap in use right after a full collection: {@link System#gc()} (under ZGC a whole
     * major cycle, waited for), twice, keeping the lower reading, since what was allocated while
     * the first ran is garbage the second can take. Under load the figure includes what the
     * running requests allocated since the collection ended: a slight overestimate, never less
     * than the live set. Meaningless with {@code -XX:+DisableExplicitGC}.
     */
    public static long heapAfterGc() {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            MEMORY.gc();
            lowest = Math.min(lowest, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }

    /**
     * Bytes of live objects: the total of a class histogram of live objects (what {@code jcmd
     * <pid> GC.class_histogram} prints), which first collects the whole heap and then counts what
     * is still reachable, in a safepoint. Unlike {@link #heapAfterGc()} it does not count what the
     * running requests allocated while a concurrent collector worked; it pauses the JVM for the
     * walk (some hundred ms for a few hundred MB). Falls back to {@link #heapAfterGc()} where the
     * diagnostic command is missing.
     */
    public static long liveHeap() {
        long total = histogramTotal(liveHistogram());
        return total > 0 ? total : heapAfterGc();
    }

    /** A class histogram of live objects (a full collection first), largest classes first; empty where unavailable. */
    public static String liveHistogram() {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (javax.management.JMException | RuntimeException e) {
            return "";
        }
    }

    /** The bytes of a class histogram's "Total" line ({@code Total <instances> <bytes>}); -1 without one. */
    public static long histogramTotal(String histogram) {
        for (String line : histogram.split("\\R")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[0].equals("Total")) {
                try {
                    return Long.parseLong(fields[2]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The heap's limit ({@code -Xmx}), in bytes; -1 when undefined. */
    public static long heapMax() {
        return MEMORY.getHeapMemoryUsage().getMax();
    }

    /** File descriptors this process has open; -1 where the platform does not say. */
    public static long openFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** The process's file-descriptor limit ({@code ulimit -n} as the JVM raised it); -1 where unknown. */
    public static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
