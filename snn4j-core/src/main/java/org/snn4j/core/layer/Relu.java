package org.snn4j.core.layer;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;

/**
 * The rectified linear unit, element by element: {@code y = max(0, x)}, for any input shape (the
 * output shape equals the input shape). It is the activation of the ANN side of ANN→SNN
 * conversion; every row is mapped independently, so the layer is time-invariant and
 * {@link #forwardRows} is {@link #forward} on fewer rows.
 *
 * <p>Backward: {@code dx = dy} where {@code x > 0} and {@code dx = 0} elsewhere (also at
 * {@code x = 0}, PyTorch's convention), written over {@code gradOutput} and returned. The layer
 * keeps a reference to the training input for backward (the {@link Layer} contract keeps it
 * unchanged) and mutates only its own output buffer and the gradient it is given. No parameters,
 * no buffers.
 */
public final class Relu implements StatelessLayer {

    /** ReLU has no hyper-parameters. */
    public record Spec() implements LayerSpec {
        @Override
        public String type() {
            return "relu";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Relu(inputShape);
        }
    }

    private final Shape shape;
    private float[] output = new float[0];
    private float[] lastInput;

    private Relu(Shape shape) {
        this.shape = shape;
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
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        int n = rows * shape.size();
        if (input.length != n) {
            throw new IllegalArgumentException("relu input has " + input.length + " values, expected rows·N = "
                    + rows + "·" + shape.size() + " = " + n);
        }
        if (output.length != n) {
            output = new float[n];
        }
        float[] y = output;
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0f, input[i]);
        }
        lastInput = ctx.training() ? input : null;
        return y;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        float[] x = lastInput;
        if (x == null) {
            throw new IllegalStateException("relu backward called without a preceding training forward");
        }
        lastInput = null;
        if (gradOutput.length != x.length) {
            throw new IllegalArgumentException("relu gradient has " + gradOutput.length + " values, expected "
                    + x.length + " (the last forward's input)");
        }
        if (!needInputGrad) {
            return null;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0f)) {
                gradOutput[i] = 0f;
            }
        }
        return gradOutput;
    }

    @Override
    public Spec spec() {
        return new Spec();
    }
}
