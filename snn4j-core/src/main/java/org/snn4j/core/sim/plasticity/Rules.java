package org.snn4j.core.sim.plasticity;

import org.snn4j.core.sim.Projection;

/** Weight-bound checks and index helpers shared by the plasticity rules (other checks: {@link org.snn4j.core.sim.ParameterChecks}). */
final class Rules {
    private Rules() {
    }

    /** Weights are magnitudes ({@code ≥ 0}); bounds must satisfy {@code 0 ≤ wMin < wMax} (wMax may be +∞). */
    static void bounds(double wMin, double wMax) {
        if (!(wMin >= 0) || Double.isInfinite(wMin)) {
            throw new IllegalArgumentException("wMin must be finite and >= 0 (weights are magnitudes), got " + wMin);
        }
        if (!(wMax > wMin)) {
            throw new IllegalArgumentException("wMax must be > wMin (" + wMin + "), got " + wMax);
        }
    }

    /**
     * The presynaptic element of each entry of the incoming index: {@code result[q]} is the row
     * {@code i} of synapse {@code projection.incomingSynapses()[q]}.
     */
    static int[] incomingPre(Projection projection) {
        int[] rowPtr = projection.rowPtr();
        int[] synPre = new int[projection.synapseCount()];
        for (int i = 0; i + 1 < rowPtr.length; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                synPre[p] = i;
            }
        }
        int[] syn = projection.incomingSynapses();
        int[] pre = new int[syn.length];
        for (int q = 0; q < syn.length; q++) {
            pre[q] = synPre[syn[q]];
        }
        return pre;
    }

    /** {@code x} clipped to {@code [lo, hi]}. */
    static float clip(float x, float lo, float hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }
}
