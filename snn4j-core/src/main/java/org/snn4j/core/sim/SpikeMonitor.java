package org.snn4j.core.sim;

import java.util.Arrays;

/**
 * Records the spikes of a {@link SpikeSource}: a count per element always, and every event as
 * (step, index) unless created in counting mode. {@link #clear()} starts over (e.g. per sample).
 */
public final class SpikeMonitor implements Monitor {
    private final SpikeSource source;
    private final boolean events;
    private final int[] counts;
    private long total;
    private long[] steps = new long[0];
    private int[] indices = new int[0];
    private int size;

    SpikeMonitor(SpikeSource source, boolean events) {
        this.source = source;
        this.events = events;
        this.counts = new int[source.size()];
        if (events) {
            steps = new long[1024];
            indices = new int[1024];
        }
    }

    /** The monitored source. */
    public SpikeSource source() {
        return source;
    }

    @Override
    public void record(long step) {
        int n = source.spikeCount();
        if (n == 0) {
            return;
        }
        int[] s = source.spikes();
        for (int k = 0; k < n; k++) {
            counts[s[k]]++;
        }
        total += n;
        if (events) {
            if (size + n > steps.length) {
                int cap = Math.max(size + n, steps.length * 2);
                steps = Arrays.copyOf(steps, cap);
                indices = Arrays.copyOf(indices, cap);
            }
            Arrays.fill(steps, size, size + n, step);
            System.arraycopy(s, 0, indices, size, n);
            size += n;
        }
    }

    /** Spikes per element since the last {@link #clear()} (live; do not modify). */
    public int[] counts() {
        return counts;
    }

    /** All spikes since the last {@link #clear()}. */
    public long total() {
        return total;
    }

    /** The step of every recorded event, in order (a copy; empty in counting mode). */
    public long[] eventSteps() {
        return Arrays.copyOf(steps, size);
    }

    /** The element index of every recorded event (a copy; empty in counting mode). */
    public int[] eventIndices() {
        return Arrays.copyOf(indices, size);
    }

    /** Forgets all counts and events. */
    public void clear() {
        Arrays.fill(counts, 0);
        total = 0;
        size = 0;
    }
}
