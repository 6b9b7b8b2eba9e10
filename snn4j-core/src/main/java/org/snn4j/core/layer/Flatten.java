package org.snn4j.core.layer;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;

/**
 * Reshapes each row's features to one dimension: {@code [C, H, W] → [C·H·W]}. The data layout is
 * unchanged, so forward returns its input array and backward its gradient array as they are.
 */
public final class Flatten implements StatelessLayer {

    /** Flatten has no hyper-parameters. */
    public record Spec() implements LayerSpec {
        @Override
        public String type() {
            return "flatten";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Flatten(inputShape);
        }
    }

    private final Shape inputShape;
    private final Shape outputShape;

    private Flatten(Shape inputShape) {
        this.inputShape = inputShape;
        this.outputShape = Shape.of(inputShape.size());
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return input;
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        return input;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        return needInputGrad ? gradOutput : null;
    }

    @Override
    public Spec spec() {
        return new Spec();
    }
}
