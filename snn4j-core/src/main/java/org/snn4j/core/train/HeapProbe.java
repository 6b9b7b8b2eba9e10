package org.snn4j.core.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Objects;

/**
 * Measures the Java heap used by a piece of work, e.g. one training step, with the JVM's memory
 * pool beans. {@link #measure} requests a full collection ({@link System#gc()}), reads the heap in
 * use (the <em>baseline</em>), resets every heap pool's peak-usage counter, runs the work, reads
 * the pools' peaks, and collects again to read what the work left alive.
 *
 * <p>What the figures mean:
 * <ul>
 *   <li>{@code peakBytes}: the sum over heap pools (e.g. G1 eden, survivor, old generation) of each
 *       pool's peak usage during the work. This is an upper bound of the heap in use at any single
 *       moment (pools may peak at different times), and it counts garbage not yet collected, so it
 *       also depends on the collector and on {@code -Xmx}: a large heap lets garbage accumulate.
 *       It includes the baseline.</li>
 *   <li>{@code retainedBytes}: the heap in use after a full collection once the work is done, i.e.
 *       live data the work left behind (for a training step: layer buffers and optimiser state kept
 *       for the next step) plus the baseline.</li>
 *   <li>{@code seconds}: wall time of the work alone.</li>
 * </ul>
 * The collections are requests: under {@code -XX:+DisableExplicitGC} baseline and retained include
 * garbage. Memory outside the Java heap (thread stacks, metaspace, direct buffers) is not counted.
 * The definitive check that a workload fits a heap size is to run it with that {@code -Xmx}.
 */
public final class HeapProbe {

    /**
     * One measurement, in bytes and seconds (see the type's Javadoc).
     *
     * @param baselineBytes heap in use after a full collection before the work
     * @param peakBytes     sum of the heap pools' peak usage during the work
     * @param retainedBytes heap in use after a full collection after the work
     * @param seconds       wall time of the work
     */
    public record Result(long baselineBytes, long peakBytes, long retainedBytes, double seconds) {
        /** {@code peakBytes − baselineBytes}: what the work added at its peak. */
        public long peakAboveBaselineBytes() {
            return peakBytes - baselineBytes;
        }

        @Override
        public String toString() {
            return String.format("baseline %.1f MiB, peak %.1f MiB, retained %.1f MiB, %.3f s",
                    mib(baselineBytes), mib(peakBytes), mib(retainedBytes), seconds);
        }

        private static double mib(long bytes) {
            return bytes / (1024.0 * 1024.0);
        }
    }

    private HeapProbe() {
    }

    /** Runs {@code work} once and measures its heap use and time. */
    public static Result measure(Runnable work) {
        Objects.requireNonNull(work, "work");
        List<MemoryPoolMXBean> pools = heapPools();
        long baseline = usedAfterGc();
        for (MemoryPoolMXBean p : pools) {
            p.resetPeakUsage();
        }
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : pools) {
            peak += p.getPeakUsage().getUsed();
        }
        long retained = usedAfterGc();
        return new Result(baseline, peak, retained, seconds);
    }

    /** Heap in use after a requested full collection. */
    public static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The maximum heap size ({@code -Xmx}), or −1 if undefined. */
    public static long maxHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    }
}
