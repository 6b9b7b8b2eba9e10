package org.snn4j.core.layer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

/**
 * A per-feature delay line in whole time steps (NIR's {@code Delay} node once its delays are
 * converted to steps). Input {@code X [T, B, N]} (any per-sample shape, {@code N} its size), output
 * {@code Y [T, B, N]}, with a delay {@code d_n ≥ 0} steps for every feature {@code n}:
 * <pre>
 *   Y[t, b, n] = X[t − d_n, b, n]   for t ≥ d_n,   0 otherwise
 * </pre>
 * so a delay of 0 passes the feature through and a delay of {@code T} or more gives zeros. Every
 * forward starts from silence (nothing of a previous sequence is carried over). Backward, written
 * over {@code gradOutput} and returned:
 * <pre>
 *   dL/dX[t, b, n] = dL/dY[t + d_n, b, n]   for t + d_n &lt; T,   0 otherwise
 * </pre>
 * No parameters, nothing trained.
 *
 * <p>The delays are model data: the non-trainable buffer {@code "delay"} ({@link Layer#buffers()},
 * shape {@code [N]}), which model files save and load with the network. It holds whole numbers of
 * steps as floats, each in {@code [0, }{@link #MAX_DELAY}{@code ]} (so that the float is exact);
 * building fills it with {@link Spec#initialDelay()}, {@link #setDelays} writes it with validation,
 * and model loading checks it through {@link #checkValues()}. Code that writes the buffer's values
 * directly calls {@link Parameter#markModified()}; the next forward re-reads and re-validates them
 * (throwing {@link IllegalStateException} for a bad one).
 *
 * <p>The layer mixes time steps, so it is neither a {@link TimeLocalLayer} nor a stateful neuron
 * layer: gradient checkpointing over time refuses networks that contain it. It is not a connection
 * layer either: synaptic-operation counts are zero for it. Mutated: the output buffer, the gradient it
 * is given, and the cached delays (re-read when the buffer's {@link Parameter#version()} moves).
 */
public final class Delay implements Layer {

    /** The longest delay accepted, {@code 2^24} steps: every whole number up to it is exact as a float. */
    public static final int MAX_DELAY = 1 << 24;

    /**
     * @param initialDelay the delay, in steps, that every feature starts with; in {@code [0, 2^24]}.
     *                     Per-feature delays are the layer's {@code "delay"} buffer.
     */
    public record Spec(int initialDelay) implements LayerSpec {
        public Spec {
            if (initialDelay < 0 || initialDelay > MAX_DELAY) {
                throw new IllegalArgumentException("delay initialDelay must be in [0, " + MAX_DELAY + "] steps, got "
                        + initialDelay);
            }
        }

        @Override
        public String type() {
            return "delay";
        }

        @Override
        public Delay build(Shape inputShape, RandomGenerator rng) {
            return new Delay(this, inputShape);
        }
    }

    private final Spec spec;
    private final Shape shape;
    private final int n;
    private final Parameter delay;
    /** Delays in steps as of {@link #cachedVersion}. */
    private int[] steps;
    /** The common delay when all features have the same one, else −1. */
    private int uniform;
    private long cachedVersion = -1;

    private float[] output = new float[0];
    /** The delays the last training forward used (its backward uses the same). */
    private int[] usedSteps;
    private int usedUniform;
    private int lastSteps;
    private int lastBatch;
    private boolean cached;

    private Delay(Spec spec, Shape shape) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.shape = Objects.requireNonNull(shape, "inputShape");
        this.n = shape.size();
        float[] v = new float[n];
        Arrays.fill(v, spec.initialDelay());
        this.delay = new Parameter("delay", Shape.of(n), v, false);
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
    public Spec spec() {
        return spec;
    }

    @Override
    public List<Parameter> buffers() {
        return List.of(delay);
    }

    /** The {@code "delay"} buffer, {@code [N]}: whole numbers of steps stored as floats. */
    public Parameter delayBuffer() {
        return delay;
    }

    /** The current delay of every feature, in steps, {@code [N]} (a copy). */
    public int[] delays() {
        return current(IllegalStateException::new).clone();
    }

    /**
     * Sets the delay of every feature, in steps, into the {@code "delay"} buffer (marking it modified).
     *
     * @throws IllegalArgumentException for a count other than {@code N} or a delay outside
     *                                  {@code [0, 2^24]}, naming the feature and the value
     */
    public void setDelays(int... delays) {
        if (delays.length != n) {
            throw new IllegalArgumentException("delay: expected " + n + " delays (one per feature), got " + delays.length);
        }
        for (int i = 0; i < n; i++) {
            if (delays[i] < 0 || delays[i] > MAX_DELAY) {
                throw new IllegalArgumentException("delay: feature " + i + " has delay " + delays[i]
                        + "; delays must be whole numbers of steps in [0, " + MAX_DELAY + "]");
            }
        }
        float[] v = delay.value();
        for (int i = 0; i < n; i++) {
            v[i] = delays[i];
        }
        delay.markModified();
    }

    /** Checks that every value of the {@code "delay"} buffer is a whole number in {@code [0, 2^24]}. */
    @Override
    public void checkValues() {
        validate(IllegalArgumentException::new);
    }

    /** The cached delays, re-read (and validated) when the buffer was modified. */
    private int[] current(Function<String, RuntimeException> error) {
        if (cachedVersion != delay.version() || steps == null) {
            int[] d = validate(error);
            int u = d.length == 0 ? 0 : d[0];
            for (int v : d) {
                if (v != u) {
                    u = -1;
                    break;
                }
            }
            steps = d;
            uniform = u;
            cachedVersion = delay.version();
        }
        return steps;
    }

    private int[] validate(Function<String, RuntimeException> error) {
        float[] v = delay.value();
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            float x = v[i];
            if (!(x >= 0f && x <= MAX_DELAY) || x != Math.rint(x)) {
                throw error.apply("delay buffer 'delay': feature " + i + " has delay " + x
                        + "; delays must be whole numbers of steps in [0, " + MAX_DELAY + "]");
            }
            d[i] = (int) x;
        }
        return d;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        Objects.requireNonNull(input, "input");
        int t = ctx.steps();
        int b = ctx.batch();
        int block = b * n;
        int size = t * block;
        if (input.length != size) {
            throw new IllegalArgumentException("delay input has " + input.length + " values, expected T·B·N = "
                    + t + "·" + b + "·" + n + " = " + size);
        }
        int[] d = current(IllegalStateException::new);
        if (output.length != size) {
            output = new float[size];
        }
        float[] y = output;
        if (uniform >= 0) {
            int shift = (int) Math.min((long) uniform * block, size);
            Arrays.fill(y, 0, shift, 0f);
            System.arraycopy(input, 0, y, shift, size - shift);
        } else {
            for (int step = 0; step < t; step++) {
                for (int s = 0; s < b; s++) {
                    int row = (step * b + s) * n;
                    for (int j = 0; j < n; j++) {
                        int from = step - d[j];
                        y[row + j] = from >= 0 ? input[(from * b + s) * n + j] : 0f;
                    }
                }
            }
        }
        usedSteps = d;
        usedUniform = uniform;
        lastSteps = t;
        lastBatch = b;
        cached = ctx.training();
        return y;
    }

    /**
     * Shifts the gradient back by each feature's delay, in place: element {@code (t, b, n)} is written
     * from {@code (t + d_n, b, n)}, at the same or a later index, in ascending index order, so every
     * value is read before it is overwritten.
     */
    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (!cached) {
            throw new IllegalStateException("delay backward called without a preceding training forward");
        }
        int t = lastSteps;
        int b = lastBatch;
        int block = b * n;
        int size = t * block;
        if (gradOutput.length != size) {
            throw new IllegalArgumentException("delay gradient has " + gradOutput.length + " values, expected T·B·N = "
                    + size);
        }
        cached = false;
        if (!needInputGrad) {
            return null;
        }
        float[] g = gradOutput;
        if (usedUniform >= 0) {
            int shift = (int) Math.min((long) usedUniform * block, size);
            System.arraycopy(g, shift, g, 0, size - shift);
            Arrays.fill(g, size - shift, size, 0f);
        } else {
            int[] d = usedSteps;
            for (int step = 0; step < t; step++) {
                for (int s = 0; s < b; s++) {
                    int row = (step * b + s) * n;
                    for (int j = 0; j < n; j++) {
                        long to = (long) step + d[j];
                        g[row + j] = to < t ? g[row + d[j] * block + j] : 0f;
                    }
                }
            }
        }
        return g;
    }
}
