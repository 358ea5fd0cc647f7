package io.llmgateway.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used over an interval, by this JVM and by the whole machine (from {@code /proc/stat}):
 * on a shared machine, the difference is other people's work competing with the run.
 */
public final class CpuMeter {

    /** Shares of all cores over the interval, 0..100; machine is -1 where /proc/stat is missing. */
    public record Usage(double processPercent, double machinePercent) {

        public double othersPercent() {
            return machinePercent < 0 ? -1 : Math.max(0, machinePercent - processPercent);
        }
    }

    private final long startWall = System.nanoTime();
    private final long startProcess = processCpuNanos();
    private final long[] startMachine = machineTicks();

    public static CpuMeter start() {
        return new CpuMeter();
    }

    public Usage stop() {
        int cores = Runtime.getRuntime().availableProcessors();
        double wall = System.nanoTime() - startWall;
        double process = 100.0 * (processCpuNanos() - startProcess) / (wall * cores);
        long[] end = machineTicks();
        double machine = -1;
        if (startMachine != null && end != null && end[1] > startMachine[1]) {
            machine = 100.0 * (end[0] - startMachine[0]) / (end[1] - startMachine[1]);
        }
        return new Usage(process, machine);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getProcessCpuTime() : 0;
    }

    /** {busy, total} jiffies of all cores; idle and iowait count as not busy. */
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
