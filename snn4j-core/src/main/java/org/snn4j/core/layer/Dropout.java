package org.snn4j.core.layer;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;

/**
 * Inverted dropout with one mask per sample shared by all time steps (as in SNN practice: a
 * dropped neuron stays silent for the whole sequence). In training,
 * {@code y[t,b,i] = x[t,b,i]·m[b,i]/(1−p)} with {@code m[b,i] ~ Bernoulli(1−p)} drawn from the
 * pass's seed; at inference {@code y = x}. Backward: {@code dx = dy·m/(1−p)}. The mask depends only
 * on the seed and {@code B·N}, not on T, so a forward over any time window with the same seed (as
 * in checkpointed recomputation, {@link TimeLocalLayer}) draws the same mask.
 */
public final class Dropout implements TimeLocalLayer {

    /** @param p probability of dropping a unit, in [0, 1) */
    public record Spec(float p) implements LayerSpec {
        public Spec {
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
            }
        }

        @Override
        public String type() {
            return "dropout";
        }

        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            return new Dropout(this, inputShape);
        }
    }

    private final Spec spec;
    private final Shape shape;
    private float[] output = new float[0];
    private float[] mask = new float[0];
    private int steps;
    private int batch;
    private boolean masked;

    private Dropout(Spec spec, Shape shape) {
        this.spec = spec;
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
        masked = ctx.training() && spec.p() > 0f;
        if (!masked) {
            return input;
        }
        int n = shape.size();
        steps = ctx.steps();
        batch = ctx.batch();
        int rowBlock = batch * n;
        if (input.length != steps * rowBlock) {
            throw new IllegalArgumentException("dropout input has " + input.length + " values, expected T·B·N = "
                    + steps + "·" + batch + "·" + n + " = " + steps * rowBlock);
        }
        if (mask.length != rowBlock) {
            mask = new float[rowBlock];
        }
        if (output.length != steps * rowBlock) {
            output = new float[steps * rowBlock];
        }
        SplittableRandom rng = new SplittableRandom(ctx.seed());
        float keep = 1f - spec.p();
        float scale = 1f / keep;
        for (int i = 0; i < rowBlock; i++) {
            mask[i] = rng.nextDouble() < keep ? scale : 0f;
        }
        applyMask(input, output);
        return output;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (!needInputGrad) {
            return null;
        }
        if (masked) {
            applyMask(gradOutput, gradOutput);
        }
        return gradOutput;
    }

    private void applyMask(float[] src, float[] dst) {
        int rowBlock = batch * shape.size();
        for (int t = 0; t < steps; t++) {
            int base = t * rowBlock;
            for (int i = 0; i < rowBlock; i++) {
                dst[base + i] = src[base + i] * mask[i];
            }
        }
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
