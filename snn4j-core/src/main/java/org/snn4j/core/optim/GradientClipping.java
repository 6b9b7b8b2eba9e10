package org.snn4j.core.optim;

import java.util.List;
import org.snn4j.core.Parameter;

/** Gradient clipping over a list of parameters, mutating {@link Parameter#grad()} in place. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Global-norm clipping ({@code torch.nn.utils.clip_grad_norm_}): with
     * {@code n = √(Σ_params Σ_i g_i²)} (accumulated in double) and {@code c = maxNorm / (n + 1e-6)},
     * every gradient is multiplied by {@code c} when {@code c < 1}, else left unchanged. A
     * non-finite norm leaves the gradients unchanged.
     *
     * @param maxNorm finite and &gt; 0
     * @return the norm {@code n} before clipping
     */
    public static double clipNorm(List<Parameter> params, float maxNorm) {
        Checks.positiveFinite("maxNorm", maxNorm);
        double sum = 0;
        for (Parameter p : params) {
            float[] g = p.grad();
            double s = 0;
            for (float v : g) {
                s += (double) v * v;
            }
            sum += s;
        }
        double norm = Math.sqrt(sum);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Parameter p : params) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= c;
                }
            }
        }
        return norm;
    }

    /**
     * Element-wise clipping ({@code torch.nn.utils.clip_grad_value_}): {@code g ← clamp(g, −c, c)}.
     *
     * @param clipValue c, finite and &gt; 0
     * @return the number of gradient entries that were changed
     */
    public static long clipValue(List<Parameter> params, float clipValue) {
        Checks.positiveFinite("clipValue", clipValue);
        float lo = -clipValue;
        long changed = 0;
        for (Parameter p : params) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) {
                float v = g[i];
                if (v > clipValue) {
                    g[i] = clipValue;
                    changed++;
                } else if (v < lo) {
                    g[i] = lo;
                    changed++;
                }
            }
        }
        return changed;
    }
}
