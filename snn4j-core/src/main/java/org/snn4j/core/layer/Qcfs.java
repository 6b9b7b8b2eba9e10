package org.snn4j.core.layer;

import java.util.List;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

/**
 * The quantisation-clip-floor-shift activation of Bu et al., "Optimal ANN-SNN conversion for
 * high-accuracy and ultra-low-latency spiking neural networks" (ICLR 2022), element by element,
 * with {@code L} quantisation levels, shift φ = 1/2 and a trainable threshold λ (one per layer):
 * <pre>
 *   s = L/λ,  h = λ/L                       (float, once per pass)
 *   k = clip(⌊x·s + 1/2⌋, 0, L)             (an integer in [0, L])
 *   y = k·h                                  (= λ/L · clip(⌊x·L/λ + 1/2⌋, 0, L))
 * </pre>
 * so {@code y} takes one of the values {@code 0, λ/L, …, λ}. This is the forward of the authors'
 * code ({@code λ·⌊clamp(x/λ, 0, 1)·L + 1/2⌋/L}) up to float rounding. The output shape equals the
 * input shape; every row is mapped independently, so the layer is time-invariant.
 *
 * <p>Backward is the autograd of the authors' code with the straight-through estimator for the
 * floor ({@code d⌊u⌋/du := 1}) and PyTorch's clamp gradient (1 on the closed interval):
 * <pre>
 *   dy/dx = 1            for 0 ≤ x ≤ λ,   0 otherwise
 *   dy/dλ = (y − x)/λ    for 0 ≤ x ≤ λ,   1 for x &gt; λ,   0 for x &lt; 0
 * </pre>
 * i.e. {@code dx = dy·[0 ≤ x ≤ λ]} written over {@code gradOutput} and returned, and
 * {@code dλ += Σ dy·dy/dλ} over all elements of the pass, summed in double and added to the
 * threshold's gradient in float. With {@link #forwardRows} and a gradient summed over time, the
 * results are those of the unfolded pass (the factors depend on {@code x} only).
 *
 * <p>Parameter: {@code threshold}, shape {@code [1]}, initial value
 * {@link Spec#initialThreshold()} (the authors' code starts at 8.0), exempt from weight decay. A
 * converted spiking network uses λ as the firing threshold of the IF layer that replaces this one
 * ({@link #threshold()}). The layer keeps a reference to the training input for backward and
 * mutates only its output buffer, the gradient it is given and the threshold's gradient.
 */
public final class Qcfs implements StatelessLayer {

    /** The largest number of quantisation levels accepted. */
    public static final int MAX_LEVELS = 1 << 16;

    /**
     * @param levels           quantisation levels {@code L}, in [1, 65536]
     * @param initialThreshold the initial λ, finite and &gt; 0
     */
    public record Spec(int levels, float initialThreshold) implements LayerSpec {
        public Spec {
            if (levels < 1 || levels > MAX_LEVELS) {
                throw new IllegalArgumentException("qcfs levels must be in [1, " + MAX_LEVELS + "], got " + levels);
            }
            if (!(initialThreshold > 0f) || initialThreshold == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("qcfs initial threshold must be finite and > 0, got "
                        + initialThreshold);
            }
        }

        /** The authors' initial threshold, 8.0. */
        public static final float DEFAULT_INITIAL_THRESHOLD = 8f;

        /** {@code L} levels with the initial threshold {@value #DEFAULT_INITIAL_THRESHOLD}. */
        public static Spec of(int levels) {
            return new Spec(levels, DEFAULT_INITIAL_THRESHOLD);
        }

        @Override
        public String type() {
            return "qcfs";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Qcfs(this, inputShape);
        }
    }

    private final Spec spec;
    private final Shape shape;
    private final Parameter threshold;
    private float[] output = new float[0];
    private float[] lastInput;

    private Qcfs(Spec spec, Shape shape) {
        this.spec = spec;
        this.shape = shape;
        this.threshold = new Parameter("threshold", Shape.of(1), new float[] {spec.initialThreshold()}, false);
    }

    /** The current threshold λ (the value of the {@code threshold} parameter). */
    public float threshold() {
        return threshold.value()[0];
    }

    /** The number of quantisation levels {@code L}. */
    public int levels() {
        return spec.levels();
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
    public List<Parameter> parameters() {
        return List.of(threshold);
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        int n = rows * shape.size();
        if (input.length != n) {
            throw new IllegalArgumentException("qcfs input has " + input.length + " values, expected rows·N = "
                    + rows + "·" + shape.size() + " = " + n);
        }
        float lambda = checkedThreshold();
        int levels = spec.levels();
        float s = levels / lambda;
        float h = lambda / levels;
        if (output.length != n) {
            output = new float[n];
        }
        float[] y = output;
        for (int i = 0; i < n; i++) {
            float k = (float) Math.floor(input[i] * s + 0.5f);
            y[i] = Math.clamp(k, 0f, levels) * h;
        }
        lastInput = ctx.training() ? input : null;
        return y;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        float[] x = lastInput;
        if (x == null) {
            throw new IllegalStateException("qcfs backward called without a preceding training forward");
        }
        lastInput = null;
        if (gradOutput.length != x.length) {
            throw new IllegalArgumentException("qcfs gradient has " + gradOutput.length + " values, expected "
                    + x.length + " (the last forward's input)");
        }
        float lambda = checkedThreshold();
        int levels = spec.levels();
        float s = levels / lambda;
        float h = lambda / levels;
        double dLambda = 0;
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            float g = gradOutput[i];
            if (xi > lambda) {
                dLambda += g;
                gradOutput[i] = 0f;
            } else if (xi >= 0f) {
                float y = Math.clamp((float) Math.floor(xi * s + 0.5f), 0f, levels) * h;
                dLambda += (double) g * ((y - xi) / lambda);
            } else {
                gradOutput[i] = 0f;
            }
        }
        threshold.grad()[0] += (float) dLambda;
        return needInputGrad ? gradOutput : null;
    }

    private float checkedThreshold() {
        float lambda = threshold.value()[0];
        if (!(lambda > 0f) || lambda == Float.POSITIVE_INFINITY) {
            throw new IllegalStateException("qcfs threshold must be finite and > 0, got " + lambda);
        }
        return lambda;
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
