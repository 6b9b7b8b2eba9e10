package org.snn4j.core.neuron;

import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;

/**
 * A sequence run through a {@link StatefulLayer} as chained segments, the way gradient checkpointing runs it:
 * forward segment by segment from the saved states, then backward from the last segment to the first, each
 * recomputing its forward and passing its initial-state gradient on as the earlier segment's final-state gradient.
 */
final class Segments {
    private Segments() {
    }

    /**
     * {@code {U, S, dL/dI}}, each {@code [T, B, N]}, of {@code x} in segments of {@code seg} steps; the layer's
     * parameter gradients accumulate as in one backward.
     */
    static float[][] run(NeuronLayerBase l, float[] x, float[] gS, float[] gM, int steps, int batch, int seg,
                         Kernels kernels) {
        int lanes = x.length / steps;
        int segments = Math.ceilDiv(steps, seg);
        float[][] states = new float[segments][];
        float[] su = new float[x.length];
        float[] ss = new float[x.length];
        float[] gi = new float[x.length];
        for (int c = 0; c < segments; c++) {
            int t0 = c * seg;
            int len = Math.min(seg, steps - t0);
            float[] fin = c + 1 < segments ? (states[c + 1] = new float[l.stateVariables() * lanes]) : null;
            float[] out = l.forwardSegment(rows(x, t0, len, lanes), new RunContext(len, batch, true, 0, kernels),
                    states[c], fin);
            System.arraycopy(l.membrane(), 0, su, t0 * lanes, len * lanes);
            System.arraycopy(out, 0, ss, t0 * lanes, len * lanes);
        }
        float[] gEnd = null;
        for (int c = segments - 1; c >= 0; c--) {
            int t0 = c * seg;
            int len = Math.min(seg, steps - t0);
            if (c < segments - 1) {
                l.forwardSegment(rows(x, t0, len, lanes), new RunContext(len, batch, true, 0, kernels), states[c],
                        null);
            }
            float[] gStart = c > 0 ? new float[l.stateGradientVariables() * lanes] : null;
            float[] g = l.backwardSegment(rows(gS, t0, len, lanes), rows(gM, t0, len, lanes), gEnd, gStart, true);
            System.arraycopy(g, 0, gi, t0 * lanes, len * lanes);
            gEnd = gStart;
        }
        return new float[][] {su, ss, gi};
    }

    /** Steps {@code [t0, t0 + len)} of a {@code [T, lanes]} array. */
    static float[] rows(float[] a, int t0, int len, int lanes) {
        float[] r = new float[len * lanes];
        System.arraycopy(a, t0 * lanes, r, 0, r.length);
        return r;
    }
}
