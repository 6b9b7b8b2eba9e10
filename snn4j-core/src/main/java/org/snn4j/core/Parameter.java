package org.snn4j.core;

import java.util.random.RandomGenerator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable tensor: its values and the gradient accumulated by backward passes. Both arrays are
 * flat, row-major, of {@code shape.size()} elements, and are mutated in place (values by the
 * optimiser, gradients by layers' backward passes). The same type holds a layer's non-trainable
 * {@linkplain org.snn4j.core.layer.Layer#buffers() buffers} (e.g. running statistics), whose values
 * the layer updates itself and whose gradient stays unused.
 *
 * <p><b>Modification counter.</b> {@link #version()} counts the writes to the values announced by
 * {@link #markModified()}. Layers that cache something derived from the values (e.g. the CSR
 * copy of a pruned Linear weight) compare it with the version they cached and rebuild when it
 * moved. Every writer of {@link #value()} therefore calls {@code markModified()} after writing:
 * the optimisers of {@code org.snn4j.core.optim} do so for each parameter they update, model
 * loading does after filling the values, and so must any other code that writes values.
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final float[] value;
    private final float[] grad;
    private final boolean decay;
    private long version;

    /**
     * @param name  a name unique within its layer, e.g. {@code "weight"}
     * @param shape the logical shape, e.g. {@code [in, out]} for a Linear weight
     * @param value initial values, owned by the parameter from now on
     * @param decay whether weight decay applies (true for weights, false for biases, β, θ)
     */
    public Parameter(String name, Shape shape, float[] value, boolean decay) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        if (value.length != shape.size()) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + shape
                    + " (" + shape.size() + " values) but " + value.length + " values were given");
        }
        this.value = value;
        this.grad = new float[value.length];
        this.decay = decay;
    }

    /**
     * A parameter of the given shape with values drawn independently from {@code U(−bound, bound)}
     * in index order (PyTorch's default initialisation of Linear and Conv2d weights and biases with
     * {@code bound = 1/√fanIn}).
     */
    public static Parameter uniform(String name, Shape shape, float bound, boolean decay, RandomGenerator rng) {
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble(-bound, bound);
        }
        return new Parameter(name, shape, v, decay);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /**
     * The live value array; mutated by optimisers. Whoever writes into it must call
     * {@link #markModified()} afterwards (before the next forward pass).
     */
    public float[] value() {
        return value;
    }

    /**
     * The modification counter: 0 for a new parameter, incremented by each {@link #markModified()}.
     * A cache derived from {@link #value()} at version {@code v} is current while
     * {@code version() == v}.
     */
    public long version() {
        return version;
    }

    /** Announces that {@link #value()} was written: increments {@link #version()}. */
    public void markModified() {
        version++;
    }

    /** The live gradient array; layers add to it, {@link #zeroGrad()} clears it. */
    public float[] grad() {
        return grad;
    }

    /** Whether weight decay should apply to this parameter. */
    public boolean decay() {
        return decay;
    }

    public int size() {
        return value.length;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + shape;
    }
}
