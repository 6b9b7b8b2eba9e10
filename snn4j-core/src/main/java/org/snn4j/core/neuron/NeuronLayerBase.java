package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Shared plumbing of the spiking layers: shapes, the layer-owned {@code U}, {@code S} (not sized for a
 * layer that does not {@linkplain #emitsSpikes() emit spikes}) and {@code dL/dI} buffers (grown on
 * demand, reused across calls), argument checks, and the segment bookkeeping of
 * {@link StatefulLayer} (initial state, final state, parameter partial sums carried across segments).
 * Lanes are the {@code B·N} independent (sample, neuron) pairs; parallel loops split them in whole
 * sample rows (grain {@code N}), so element-wise results never depend on the thread count.
 * {@link #forward} and {@link #backward(float[], float[], boolean)} are one segment spanning the
 * sequence. A layer that also implements
 * {@link org.snn4j.core.layer.TimeInvariantInput} starts its time-invariant forward with
 * {@link #beginTimeInvariant}; the flag {@link #timeInvariant} then selects the folded backward
 * until the next forward.
 */
abstract class NeuronLayerBase implements StatefulLayer {
    final LayerSpec spec;
    final Shape shape;
    final int n;
    float[] input;
    float[] u = new float[0];
    float[] s = new float[0];
    float[] gradIn = new float[0];
    /** dL/dX {@code [B, N]} after a time-invariant forward (kept apart from {@link #gradIn}). */
    float[] gradInSum = new float[0];
    /**
     * Whether the last forward read a time-invariant {@code [B, N]} input
     * ({@link #beginTimeInvariant}) rather than {@code [T, B, N]}.
     */
    boolean timeInvariant;
    int steps;
    int batch;
    int lanes;
    Kernels kernels;
    boolean cached;
    /** The state the last forward started from ({@code [V, B, N]}), or null for the zero state. */
    float[] state0;
    /** Whether per-lane parameter partial sums are open (a later segment's backward has run). */
    private boolean partialsOpen;

    NeuronLayerBase(LayerSpec spec, Shape shape) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.shape = Objects.requireNonNull(shape, "inputShape");
        this.n = shape.size();
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    /** The learnable ones among {@code candidates}, in the given order. */
    static List<Parameter> learnable(NeuronParameter... candidates) {
        List<Parameter> ps = new ArrayList<>(candidates.length);
        for (NeuronParameter p : candidates) {
            if (p.learnable()) {
                ps.add(p.parameter());
            }
        }
        return ps;
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
    public float[] membrane() {
        return u;
    }

    @Override
    public final float[] forward(float[] in, RunContext ctx) {
        return forwardSegment(in, ctx, null, null);
    }

    @Override
    public final float[] backward(float[] gradSpikes, float[] gradMembrane, boolean needInputGrad) {
        return backwardSegment(gradSpikes, gradMembrane, null, null, needInputGrad);
    }

    /** {@link #begin} plus the state checks; records the initial state. */
    final void beginSegment(float[] in, RunContext ctx, float[] initialState, float[] finalState) {
        begin(in, ctx);
        int size = stateVariables() * lanes;
        checkState("initial state", initialState, size, stateVariables());
        checkState("final state", finalState, size, stateVariables());
        if (initialState != null && initialState == finalState) {
            throw new IllegalArgumentException("initial and final state must be different arrays");
        }
        state0 = initialState;
    }

    /** Copies the last step's row of each of {@code vars} (in order) into {@code finalState}, if not null. */
    final void saveFinalState(float[] finalState, float[]... vars) {
        if (finalState == null) {
            return;
        }
        int last = (steps - 1) * lanes;
        for (int k = 0; k < vars.length; k++) {
            System.arraycopy(vars[k], last, finalState, k * lanes, lanes);
        }
    }

    /**
     * {@link #beginBackward} plus the state-gradient checks.
     *
     * @return true when this segment ends the sequence ({@code gradFinalState == null}): per-lane
     *         parameter partial sums start at zero; false: they continue from the later segment
     */
    final boolean beginBackwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                                       float[] gradInitialState) {
        beginBackward(gradSpikes, gradMembrane);
        if (timeInvariant && (gradFinalState != null || gradInitialState != null)) {
            throw new IllegalArgumentException("the last forward was time-invariant, a whole sequence from the zero "
                    + "state: its backward takes no final- or initial-state gradient");
        }
        int size = stateGradientVariables() * lanes;
        checkState("final-state gradient", gradFinalState, size, stateGradientVariables());
        checkState("initial-state gradient", gradInitialState, size, stateGradientVariables());
        if (gradInitialState != null && gradInitialState == gradFinalState) {
            throw new IllegalArgumentException("initial- and final-state gradients must be different arrays");
        }
        if (gradFinalState != null && !partialsOpen) {
            throw new IllegalStateException("a backward with a final-state gradient continues a sequence, but no later "
                    + "segment of it was backpropagated (run the segment that ends the sequence first)");
        }
        partialsOpen = true;
        return gradFinalState == null;
    }

    /**
     * Whether this segment's backward must add the per-lane partial sums to the parameter
     * gradients: true when its forward started the sequence (zero initial state). Closes the sums.
     */
    final boolean endBackwardSegment() {
        if (state0 == null) {
            partialsOpen = false;
            return true;
        }
        return false;
    }

    private void checkState(String what, float[] a, int size, int vars) {
        if (a != null && a.length != size) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, expected " + vars + "·B·N = "
                    + vars + "·" + batch + "·" + n + " = " + size);
        }
    }

    /** Checks the input, sizes the buffers, records T, B and the kernels. */
    final void begin(float[] in, RunContext ctx) {
        Objects.requireNonNull(in, "input");
        Objects.requireNonNull(ctx, "ctx");
        long expected = (long) ctx.steps() * ctx.batch() * n;
        if (in.length != expected) {
            throw new IllegalArgumentException("input has " + in.length + " values but T·B·N = "
                    + ctx.steps() + "·" + ctx.batch() + "·" + n + " = " + expected + " were expected");
        }
        record(in, ctx);
        timeInvariant = false;
    }

    /**
     * {@link #begin} for a time-invariant input {@code X [B, N]} (the same at every step): a whole
     * sequence from the zero state ({@link #state0} = null). {@code U} and {@code S} are
     * {@code [T, B, N]} as usual.
     */
    final void beginTimeInvariant(float[] in, RunContext ctx) {
        Objects.requireNonNull(in, "input");
        Objects.requireNonNull(ctx, "ctx");
        long expected = (long) ctx.batch() * n;
        if (in.length != expected) {
            throw new IllegalArgumentException("time-invariant input has " + in.length + " values but B·N = "
                    + ctx.batch() + "·" + n + " = " + expected + " were expected");
        }
        record(in, ctx);
        timeInvariant = true;
        state0 = null;
    }

    private void record(float[] in, RunContext ctx) {
        steps = ctx.steps();
        batch = ctx.batch();
        lanes = batch * n;
        kernels = ctx.kernels();
        input = in;
        int size = steps * lanes;
        u = grow(u, size);
        if (emitsSpikes()) {
            s = grow(s, size);
        }
        cached = ctx.training();
    }

    /**
     * Checks that backward may run and the gradients have the right length; sizes dL/dI
     * ({@link #gradIn} {@code [T, B, N]}, or {@link #gradInSum} {@code [B, N]} after a
     * time-invariant forward).
     */
    final void beginBackward(float[] gradSpikes, float[] gradMembrane) {
        if (!cached) {
            throw new IllegalStateException("backward needs a preceding forward with training = true");
        }
        int size = steps * lanes;
        check("gradSpikes", gradSpikes, size);
        check("gradMembrane", gradMembrane, size);
        if (timeInvariant) {
            gradInSum = grow(gradInSum, lanes);
        } else {
            gradIn = grow(gradIn, size);
        }
    }

    private static void check(String what, float[] g, int size) {
        if (g != null && g.length != size) {
            throw new IllegalArgumentException(what + " has " + g.length + " values, expected T·B·N = " + size);
        }
    }

    /** The buffer if exactly {@code size} long, else a new one of that size. */
    static float[] grow(float[] buf, int size) {
        return buf != null && buf.length == size ? buf : new float[size];
    }

    /** A zeroed buffer of {@code size}, reusing {@code buf} when it fits. */
    static float[] zeroed(float[] buf, int size) {
        if (buf != null && buf.length == size) {
            Arrays.fill(buf, 0f);
            return buf;
        }
        return new float[size];
    }
}
