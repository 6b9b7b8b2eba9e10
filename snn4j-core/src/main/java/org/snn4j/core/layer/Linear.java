package org.snn4j.core.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;

/**
 * Fully connected layer applied to every time step: {@code y[r] = x[r]·W + b} for each of the
 * {@code T·B} rows {@code r}, computed as one GEMM {@code [T·B, in] × [in, out]}. The weight is laid
 * out by presynaptic row, {@code W: [in, out]}; the bias is {@code [out]}.
 *
 * <p>Backward: {@code dW += Xᵀ·G} ({@code [in, T·B] × [T·B, out]}), {@code db += Σ_r G[r]},
 * {@code dX = G·Wᵀ}. Initialisation as PyTorch's {@code nn.Linear}: weights and bias uniform in
 * {@code ±1/√in}.
 */
public final class Linear implements Layer, StatelessLayer {

    /**
     * @param inFeatures  number of inputs per row; must equal the size of the input shape
     *                    (use 0 to infer it from the previous layer when building a network)
     * @param outFeatures number of outputs per row, ≥ 1
     * @param bias        whether a bias vector is learned
     */
    public record Spec(int inFeatures, int outFeatures, boolean bias) implements LayerSpec {
        public Spec {
            if (inFeatures < 0) {
                throw new IllegalArgumentException("linear in_features must be >= 0 (0 = infer), got " + inFeatures);
            }
            if (outFeatures < 1) {
                throw new IllegalArgumentException("linear out_features must be >= 1, got " + outFeatures);
            }
        }

        @Override
        public String type() {
            return "linear";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            if (inFeatures != 0 && inFeatures != inputShape.size()) {
                throw new IllegalArgumentException("linear layer expects " + inFeatures
                        + " input features but its input has shape " + inputShape + " (" + inputShape.size() + ")");
            }
            return new Linear(new Spec(inputShape.size(), outFeatures, bias), inputShape, rng);
        }
    }

    private final Spec spec;
    private final Shape inputShape;
    private final Shape outputShape;
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;

    private float[] output = new float[0];
    private float[] gradInput = new float[0];
    private float[] lastInput;
    private int lastRows;
    private Kernels lastKernels;

    private Linear(Spec spec, Shape inputShape, RandomGenerator rng) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.in = spec.inFeatures();
        this.out = spec.outFeatures();
        this.outputShape = Shape.of(out);
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextDouble(-bound, bound);
        }
        this.weight = new Parameter("weight", Shape.of(in, out), w, true);
        if (spec.bias()) {
            float[] b = new float[out];
            for (int i = 0; i < out; i++) {
                b[i] = (float) rng.nextDouble(-bound, bound);
            }
            this.bias = new Parameter("bias", Shape.of(out), b, false);
        } else {
            this.bias = null;
        }
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        checkLength("input", input, rows * in);
        if (output.length != rows * out) {
            output = new float[rows * out];
        }
        Kernels k = ctx.kernels();
        k.gemm(false, false, rows, out, in, input, 0, in, weight.value(), 0, out, output, 0, out, false);
        if (bias != null) {
            k.addRowVector(rows, out, bias.value(), 0, output, 0);
        }
        lastInput = ctx.training() ? input : null;
        lastRows = rows;
        lastKernels = k;
        return output;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (lastInput == null) {
            throw new IllegalStateException("linear backward called without a preceding training forward");
        }
        int rows = lastRows;
        Kernels k = lastKernels;
        checkLength("gradient", gradOutput, rows * out);
        k.gemm(true, false, in, out, rows, lastInput, 0, in, gradOutput, 0, out, weight.grad(), 0, out, true);
        if (bias != null) {
            k.sumRows(rows, out, gradOutput, 0, bias.grad(), 0);
        }
        lastInput = null;
        if (!needInputGrad) {
            return null;
        }
        if (gradInput.length != rows * in) {
            gradInput = new float[rows * in];
        }
        k.gemm(false, true, rows, in, out, gradOutput, 0, out, weight.value(), 0, out, gradInput, 0, in, false);
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    private static void checkLength(String what, float[] a, int expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException("linear layer " + what + " has " + a.length
                    + " values, expected rows·features = " + expected);
        }
    }
}
