package org.snn4j.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Peak heap use over a stretch of work: the peak-usage counters of the heap memory pools are reset
 * at {@link #start()} and summed at {@link #peakBytes()}. The sum over pools is an upper bound of
 * the true peak (the pools peak at different moments) and counts garbage not yet collected, so it
 * overstates what the work needs; run under {@code -Xmx} to prove a bound.
 */
final class HeapPeak {
    private final List<MemoryPoolMXBean> pools;

    private HeapPeak(List<MemoryPoolMXBean> pools) {
        this.pools = pools;
    }

    /** Collects garbage and resets the heap pools' peak counters. */
    static HeapPeak start() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        return new HeapPeak(heap);
    }

    /** Sum of the heap pools' peak usage since {@link #start()}, in bytes. */
    long peakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : pools) {
            sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
