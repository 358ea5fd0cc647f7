package io.llmgateway.bench.report;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The machine a run measured: figures mean nothing without it. */
public record MachineInfo(int cores, long memoryBytes, String cpu, String os, String jdk, String jvmArgs,
                          String gc, long maxHeapBytes) {

    public static MachineInfo here() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        var runtime = ManagementFactory.getRuntimeMXBean();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                String.join(" ", runtime.getInputArguments()), gc, Runtime.getRuntime().maxMemory());
    }

    /** The one-minute system load average now: other work on a shared machine shows here. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public String summary() {
        return cores + " cores (" + cpu + "), " + Math.round(memoryBytes / (1024.0 * 1024 * 1024)) + " GiB memory, "
                + os + ", " + jdk + ", GC " + gc + ", max heap " + maxHeapBytes / (1024 * 1024) + " MiB";
    }
}
