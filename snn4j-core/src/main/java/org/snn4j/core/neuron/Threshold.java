package org.snn4j.core.neuron;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.StatelessLayer;

/**
 * A stateless threshold (built from {@link ThresholdSpec}; NIR's {@code Threshold} node). Input
 * {@code X [T, B, N]} (any per-sample shape, {@code N} its size); output spikes {@code S [T, B, N]};
 * each element on its own, with no state carried across steps:
 * <pre>
 *   S[t, b, n] = H(X[t, b, n] − θ_n),  H(x) = 1 if x &gt; 0 else 0     (strictly above, as in {@link Leaky})
 * </pre>
 * where {@code θ_n} is the spec's θ (FIXED), the one value of the {@code [1]} parameter
 * {@code "threshold"} (SHARED) or its entry {@code n} of {@code [N]} (PER_NEURON). θ may be any finite
 * value; a trained θ that became NaN or infinite makes the next forward throw.
 *
 * <p>Backward, with the surrogate derivative {@code h = surrogate'(X − θ_n)} (computed in float):
 * <pre>
 *   dL/dX[t, b, n] = dL/dS[t, b, n]·h + dL/dU[t, b, n]
 *   dL/dθ_n       += −Σ_{t, b} dL/dS[t, b, n]·h
 * </pre>
 * The products {@code dL/dS·h} are float; each feature's sum runs in double over the rows in row
 * order and is rounded to float (SHARED: these are summed over {@code n} in double) before it is added
 * to the gradient.
 * ({@code dL/dS} or {@code dL/dU} may be absent, i.e. zero.) The gradient of θ is added only when θ
 * is trained.
 *
 * <p>As a {@link SpikingLayer} its {@linkplain #membrane() membrane} is its input, {@code U = X}
 * (copied into a layer-owned buffer), so {@code S = H(U − θ)} as for every spiking layer: the spikes
 * count in activity metrics and rasters, and a loss may read the membrane of a threshold output
 * layer. It is not a {@link StatefulLayer}: it holds no state across steps, so metrics count no
 * membrane updates for it.
 *
 * <p>As a {@link StatelessLayer} (hence a {@link org.snn4j.core.layer.TimeLocalLayer}, so
 * checkpointing over time runs it segment by segment): {@link #forwardRows} maps any number of rows
 * the same way, and after it the backward given {@code Ĝ = Σ_t dL/dS[t]} returns {@code Σ_t dL/dX[t]}
 * and adds the same θ gradient up to summation order (h does not depend on t for a repeated input).
 * After {@code forwardRows(x, rows, ctx)}, {@link #membrane()} holds those {@code rows} rows.
 *
 * <p>Mutated: the layer's output, membrane and input-gradient buffers (reused across calls) and the
 * threshold's gradient. Serial loops; results do not depend on the thread count.
 */
public final class Threshold implements StatelessLayer, SpikingLayer {
    private final ThresholdSpec spec;
    private final Shape shape;
    private final int n;
    private final NeuronParameter threshold;
    private final double[] thetaSums;
    private final float[] thetaPartials;
    private float[] u = new float[0];
    private float[] s = new float[0];
    private float[] gradIn = new float[0];
    private float[] thetaUsed;
    private int rows;
    private boolean cached;

    Threshold(ThresholdSpec spec, Shape shape) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.shape = Objects.requireNonNull(shape, "inputShape");
        this.n = shape.size();
        this.threshold = new NeuronParameter("threshold", spec.threshold(), spec.learnThreshold(), false, n);
        boolean learn = threshold.learnable();
        this.thetaSums = new double[learn ? n : 0];
        this.thetaPartials = new float[learn ? n : 0];
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public ThresholdSpec spec() {
        return spec;
    }

    /** The {@code "threshold"} parameter when θ is trained (SHARED or PER_NEURON), else none. */
    @Override
    public List<Parameter> parameters() {
        return NeuronLayerBase.learnable(threshold);
    }

    /** The current θ of every feature, {@code [N]} (a copy). */
    public float[] thresholds() {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = threshold.raw(i);
        }
        return v;
    }

    /**
     * Sets θ: {@code N} values for PER_NEURON, one for SHARED; writes the {@code "threshold"}
     * parameter and marks it modified.
     *
     * @throws IllegalStateException    when θ is FIXED (a spec constant: build with PER_NEURON to hold
     *                                  per-feature values)
     * @throws IllegalArgumentException for a wrong count or a value that is not finite (naming its index)
     */
    public void setThresholds(float... values) {
        Parameter p = threshold.parameter();
        if (p == null) {
            throw new IllegalStateException("threshold: θ is FIXED at " + spec.threshold() + " by the spec; build "
                    + "with learnThreshold PER_NEURON (or SHARED) to set its values");
        }
        if (values.length != p.size()) {
            throw new IllegalArgumentException("threshold: expected " + p.size() + " value(s) for learnThreshold "
                    + spec.learnThreshold() + ", got " + values.length);
        }
        checkFinite(values, IllegalArgumentException::new);
        System.arraycopy(values, 0, p.value(), 0, values.length);
        p.markModified();
    }

    /** Checks that every value of the {@code "threshold"} parameter (if any) is finite. */
    @Override
    public void checkValues() {
        Parameter p = threshold.parameter();
        if (p != null) {
            checkFinite(p.value(), IllegalArgumentException::new);
        }
    }

    private static void checkFinite(float[] v, Function<String, RuntimeException> error) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw error.apply("threshold: θ[" + i + "] is " + v[i] + "; thresholds must be finite");
            }
        }
    }

    @Override
    public float[] membrane() {
        return u;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rowCount, RunContext ctx) {
        Objects.requireNonNull(input, "input");
        int size = rowCount * n;
        if (input.length != size) {
            throw new IllegalArgumentException("threshold input has " + input.length + " values, expected rows·N = "
                    + rowCount + "·" + n + " = " + size);
        }
        float[] th = threshold.values();
        checkFinite(th, IllegalStateException::new);
        if (u.length != size) {
            u = new float[size];
            s = new float[size];
        }
        System.arraycopy(input, 0, u, 0, size);
        float[] ss = s;
        for (int r = 0, off = 0; r < rowCount; r++, off += n) {
            for (int j = 0; j < n; j++) {
                ss[off + j] = input[off + j] - th[j] > 0f ? 1f : 0f;
            }
        }
        thetaUsed = th;
        rows = rowCount;
        cached = ctx.training();
        return ss;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        return backward(gradOutput, null, needInputGrad);
    }

    @Override
    public float[] backward(float[] gradSpikes, float[] gradMembrane, boolean needInputGrad) {
        if (!cached) {
            throw new IllegalStateException("threshold backward called without a preceding training forward");
        }
        int size = rows * n;
        check("gradSpikes", gradSpikes, size);
        check("gradMembrane", gradMembrane, size);
        cached = false;
        boolean learn = threshold.learnable();
        if (!needInputGrad && !learn) {
            return null;
        }
        float[] gi = null;
        if (needInputGrad) {
            if (gradIn.length != size) {
                gradIn = new float[size];
            }
            gi = gradIn;
        }
        float[] th = thetaUsed;
        float[] x = u;
        if (learn) {
            Arrays.fill(thetaSums, 0.0);
        }
        for (int r = 0, off = 0; r < rows; r++, off += n) {
            for (int j = 0; j < n; j++) {
                int i = off + j;
                float gs = gradSpikes == null ? 0f : gradSpikes[i] * spec.surrogate().derivative(x[i] - th[j]);
                if (learn) {
                    thetaSums[j] -= gs;
                }
                if (gi != null) {
                    gi[i] = gradMembrane == null ? gs : gs + gradMembrane[i];
                }
            }
        }
        if (learn) {
            for (int j = 0; j < n; j++) {
                thetaPartials[j] = (float) thetaSums[j];
            }
            threshold.accumulate(thetaPartials, n);
        }
        return gi;
    }

    private static void check(String what, float[] g, int size) {
        if (g != null && g.length != size) {
            throw new IllegalArgumentException("threshold " + what + " has " + g.length + " values, expected rows·N = "
                    + size);
        }
    }
}
