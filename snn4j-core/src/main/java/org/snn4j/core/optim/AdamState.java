package org.snn4j.core.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snn4j.core.Parameter;

/**
 * The shared Adam/AdamW update of {@code torch.optim.Adam}/{@code AdamW} (single-tensor path),
 * with moment state per parameter object (package-private).
 */
final class AdamState {
    private static final class Moments {
        final float[] m;
        final float[] v;
        long step;

        Moments(int n) {
            m = new float[n];
            v = new float[n];
        }
    }

    private final Map<Parameter, Moments> moments = new IdentityHashMap<>();

    /**
     * One update of every parameter.
     *
     * @param l2          λ added to the gradient (Adam) for decay() parameters, else 0
     * @param decoupled   λ of the decoupled shrink {@code w ← w·(1 − lr·λ)} (AdamW), else 0
     */
    void step(List<Parameter> params, float lr, AdamConfig c, float l2, float decoupled) {
        float b1 = c.beta1();
        float b2 = c.beta2();
        float oneMinusB1 = 1f - b1;
        float oneMinusB2 = 1f - b2;
        float eps = c.epsilon();
        for (Parameter p : params) {
            float[] w = p.value();
            float[] g = p.grad();
            int n = w.length;
            Moments s = moments.computeIfAbsent(p, k -> new Moments(n));
            p.markModified();
            s.step++;
            double bc1 = 1.0 - Math.pow(b1, s.step);
            double bc2 = 1.0 - Math.pow(b2, s.step);
            float stepSize = (float) (lr / bc1);
            float bc2Sqrt = (float) Math.sqrt(bc2);
            float wd = p.decay() ? l2 : 0f;
            if (p.decay() && decoupled != 0f) {
                float shrink = 1f - lr * decoupled;
                for (int i = 0; i < n; i++) {
                    w[i] *= shrink;
                }
            }
            float[] m = s.m;
            float[] v = s.v;
            for (int i = 0; i < n; i++) {
                float gi = g[i] + wd * w[i];
                float mi = b1 * m[i] + oneMinusB1 * gi;
                float vi = b2 * v[i] + oneMinusB2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
                w[i] -= stepSize * (mi / denom);
            }
        }
    }

    long steps(Parameter p) {
        Moments s = moments.get(p);
        return s == null ? 0 : s.step;
    }

    void reset() {
        moments.clear();
    }
}
