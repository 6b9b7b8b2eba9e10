package org.snn4j.core.sim.neuron;

import java.util.Arrays;

/**
 * The absolute refractory period of a population, kept as a list of the few neurons that are
 * refractory rather than as a per-neuron counter updated every step. A neuron that spikes in step
 * {@code m} is refractory in steps {@code m+1 … m+R} ({@code R = round(t_ref / dt)}): after each
 * of those steps its membrane is set to the hold value and a threshold crossing is not a spike.
 */
final class RefractoryHold {
    private final int steps;
    private final long[] until;
    private int[] held = new int[16];
    private long[] heldUntil = new long[16];
    private int heldCount;

    /** @param size neurons; @param steps R, ≥ 0 (0: no refractory period) */
    RefractoryHold(int size, int steps) {
        this.steps = steps;
        this.until = new long[size];
        Arrays.fill(until, Long.MIN_VALUE);
    }

    /** R, the refractory period in steps. */
    int steps() {
        return steps;
    }

    /** True if neuron {@code i} is refractory in step {@code step}. */
    boolean isRefractory(int i, long step) {
        return until[i] >= step;
    }

    /**
     * Applies step {@code step} after the free integration: sets {@code v} of every refractory
     * neuron to {@code hold}, removes them from {@code spikes[0..count)} (keeping the order),
     * registers the remaining spikes as refractory from the next step, and returns the new count.
     */
    int apply(long step, float[] v, float hold, int[] spikes, int count) {
        int kept = 0;
        for (int k = 0; k < count; k++) {
            int i = spikes[k];
            if (until[i] < step) {
                spikes[kept++] = i;
            }
        }
        int remaining = 0;
        for (int k = 0; k < heldCount; k++) {          // the list is read sequentially; v is the only scattered access
            int i = held[k];
            long end = heldUntil[k];
            v[i] = hold;
            if (end > step) {
                held[remaining] = i;
                heldUntil[remaining++] = end;
            }
        }
        heldCount = remaining;
        if (steps > 0) {
            for (int k = 0; k < kept; k++) {
                int i = spikes[k];
                long end = step + steps;
                until[i] = end;
                if (heldCount == held.length) {
                    held = Arrays.copyOf(held, held.length * 2);
                    heldUntil = Arrays.copyOf(heldUntil, held.length);
                }
                held[heldCount] = i;
                heldUntil[heldCount++] = end;
            }
        }
        return kept;
    }

    /** Nobody is refractory any more. */
    void clear() {
        Arrays.fill(until, Long.MIN_VALUE);
        heldCount = 0;
    }
}
