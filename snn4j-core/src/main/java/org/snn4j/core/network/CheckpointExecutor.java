package org.snn4j.core.network;

import java.util.List;
import java.util.Objects;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.TimeLocalLayer;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.neuron.StatefulLayer;

/**
 * Gradient checkpointing over time for a {@link Network}: runs a batch of sequences {@code [T, B, F]}
 * in segments of {@code S} steps, so that activation memory grows with {@code S} instead of
 * {@code T}. Used through {@link Network#forwardCheckpointed} and then {@link Network#backward}.
 *
 * <p>Forward: for segments {@code k = 0 … K−1} ({@code K = ⌈T/S⌉}, the last one
 * {@code T − (K−1)·S} steps long), copy rows {@code [k·S, k·S + len)} of the caller's input into a
 * segment buffer, run every layer on {@code [len, B, ·]}: a {@link StatefulLayer} from the state
 * saved at the end of segment {@code k−1} (zero for {@code k = 0}), saving its final state as the
 * start of segment {@code k+1}; a {@link TimeLocalLayer} as it is. The last layer's output (and
 * membrane, for a spiking last layer) is copied into {@code [T, B, C]} arrays. Kept between forward
 * and backward: {@code K−1} start states per stateful layer, the {@code [T, B, C]} output and
 * membrane, and the live activations of the last segment.
 *
 * <p>Backward, for {@code k = K−1 … 0}: recompute segment {@code k}'s forward from its saved start
 * state (not needed for the last segment, whose activations are still in the layers; the same seed
 * gives the same dropout masks), then run each layer's backward on the segment's rows of the loss
 * gradient, passing each stateful layer the gradient w.r.t. its final state that segment {@code k+1}
 * returned and collecting the gradient w.r.t. its initial state for segment {@code k−1} (a time-local
 * spiking last layer, the stateless threshold, gets the membrane gradient through its two-gradient
 * backward). This is
 * exact BPTT across segment boundaries. Cost: one extra forward of segments {@code 0 … K−2}.
 *
 * <p>Results: the output, the membrane, spikes and input gradients equal the unsegmented ones bit
 * for bit ({@code Leaky}, {@code Synaptic}, {@code AdaptiveLeaky} neuron parameters too, since their
 * per-lane partial sums run over time in the unsegmented order). Gradients that are sums over all
 * {@code T·B} rows computed per segment (Linear weight and bias, {@code RecurrentLeaky}'s and
 * {@code RecurrentSynaptic}'s recurrent weight and bias) are the same sums split at segment boundaries: equal up to float rounding.
 *
 * <p>Memory held (floats): checkpoints {@code (K−1)·B·Σ V_l·N_l} over stateful layers
 * ({@code V} = {@link StatefulLayer#stateVariables()}), outputs {@code T·B·C} (twice for a spiking
 * last layer), plus per-segment activations {@code ∝ S·B·Σ N_l}; see {@link #estimate}. Not
 * thread-safe; owned by one network.
 */
public final class CheckpointExecutor {
    private static final int SLOT_INPUT = 0;
    private static final int SLOT_GRAD_OUTPUT = 1;
    private static final int SLOT_GRAD_MEMBRANE = 2;

    private final List<Layer> layers;
    private final StatefulLayer[] stateful;
    private final int features;
    private final int classes;
    private final boolean spikingLast;

    /** Segment buffers: [slot·2 + (full segment ? 0 : 1)]. */
    private final float[][] buffers = new float[6][];
    /** Start states: [slot][layer]; slot k holds the start of segment k (slot 0 unused). */
    private float[][][] states = new float[0][][];
    private float[][] carryIn;
    private float[][] carryOut;
    private float[] output = new float[0];
    private float[] membrane;

    private float[] input;
    private RunContext ctx;
    private int segmentSteps;
    private int segments;
    private boolean pending;

    CheckpointExecutor(Network network) {
        requireSupported(network);
        this.layers = network.layers();
        this.stateful = new StatefulLayer[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof StatefulLayer s) {
                stateful[i] = s;
            }
        }
        this.features = network.inputShape().size();
        this.classes = network.outputShape().size();
        this.spikingLast = layers.get(layers.size() - 1) instanceof SpikingLayer;
        this.carryIn = new float[layers.size()][];
        this.carryOut = new float[layers.size()][];
    }

    /**
     * Checks that every layer of {@code network} can run in time segments: each must be a
     * {@link StatefulLayer} or a {@link TimeLocalLayer}.
     *
     * @throws IllegalArgumentException naming the first layer that is neither
     */
    public static void requireSupported(Network network) {
        Objects.requireNonNull(network, "network");
        List<Layer> ls = network.layers();
        for (int i = 0; i < ls.size(); i++) {
            Layer l = ls.get(i);
            if (!(l instanceof StatefulLayer) && !(l instanceof TimeLocalLayer)) {
                throw new IllegalArgumentException("layer " + i + " (" + l.spec().type() + ", "
                        + l.getClass().getSimpleName() + ") does not support checkpointing over time: it is neither a "
                        + "StatefulLayer (state carried across segments) nor a TimeLocalLayer (each step independent); "
                        + "train this network without checkpoint segments");
            }
        }
    }

    /**
     * The activation memory a checkpointed training pass holds, by the executor's accounting.
     *
     * @param segmentSteps    S as requested (clamped to T)
     * @param segments        K = ⌈T/S⌉
     * @param checkpointBytes start states of segments 1 … K−1 for every stateful layer
     * @param outputBytes     the {@code [T, B, C]} output, and membrane for a spiking last layer
     * @param segmentBytes    an estimate of one segment's activation buffers: the input copy, for every
     *                        stateful layer {@code 4·N} floats per row (U, S, dL/dI and one model-specific
     *                        array; LIF needs three), for other layers output plus input gradient
     *                        (none for the first layer), and the loss-gradient slices; times {@code S·B}
     */
    public record MemoryEstimate(int segmentSteps, int segments, long checkpointBytes, long outputBytes,
                                 long segmentBytes) {
        /** The sum of the three parts. */
        public long totalBytes() {
            return checkpointBytes + outputBytes + segmentBytes;
        }
    }

    /**
     * The memory a checkpointed pass of {@code network} over {@code steps × batch} holds with
     * segments of {@code segmentSteps}; with {@code segmentSteps ≥ steps} it is an estimate for
     * the unsegmented pass too. Parameters, optimiser state and the caller's input are not counted.
     */
    public static MemoryEstimate estimate(Network network, int steps, int batch, int segmentSteps) {
        requireSupported(network);
        checkPositive("time steps", steps);
        checkPositive("batch size", batch);
        checkSegment(segmentSteps);
        int seg = Math.min(segmentSteps, steps);
        int k = Math.ceilDiv(steps, seg);
        List<Layer> ls = network.layers();
        long stateFloats = 0;
        long rowFloats = network.inputShape().size();
        for (int i = 0; i < ls.size(); i++) {
            Layer l = ls.get(i);
            long out = l.outputShape().size();
            if (l instanceof StatefulLayer s) {
                stateFloats += (long) s.stateVariables() * out;
                rowFloats += 4 * out;
            } else {
                rowFloats += out + (i > 0 ? l.inputShape().size() : 0);
            }
        }
        long classes = network.outputShape().size();
        boolean spiking = ls.get(ls.size() - 1) instanceof SpikingLayer;
        rowFloats += classes * (spiking ? 2 : 1);
        long checkpoint = 4L * (k - 1) * batch * stateFloats;
        long output = 4L * steps * batch * classes * (spiking ? 2 : 1);
        long segment = 4L * seg * batch * rowFloats;
        return new MemoryEstimate(seg, k, checkpoint, output, segment);
    }

    /**
     * The longest segment (fewest segments, least recomputation overhead, largest GEMMs) whose
     * {@link #estimate} fits {@code budgetBytes}.
     *
     * @throws IllegalArgumentException when even one-step segments exceed the budget
     */
    public static int segmentStepsForBudget(Network network, int steps, int batch, long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("memory budget must be >= 1 byte, got " + budgetBytes);
        }
        for (int s = steps; s >= 1; s--) {
            if (estimate(network, steps, batch, s).totalBytes() <= budgetBytes) {
                return s;
            }
        }
        long min = Long.MAX_VALUE;
        for (int s = 1; s <= steps; s++) {
            min = Math.min(min, estimate(network, steps, batch, s).totalBytes());
        }
        throw new IllegalArgumentException("no segment length fits a memory budget of " + budgetBytes + " bytes for T = "
                + steps + ", B = " + batch + "; the smallest estimate is " + min + " bytes");
    }

    /** Floats held between forward and backward: saved start states, the output and the membrane. */
    public long retainedFloats() {
        long n = (long) output.length + (membrane == null ? 0 : membrane.length);
        for (float[][] slot : states) {
            for (float[] st : slot) {
                n += st == null ? 0 : st.length;
            }
        }
        return n;
    }

    /** The segment length of the last forward (clamped to T), or 0 before the first. */
    public int segmentSteps() {
        return segmentSteps;
    }

    /** The number of segments of the last forward, or 0 before the first. */
    public int segments() {
        return segments;
    }

    /** See {@link Network#forwardCheckpointed}. */
    NetworkOutput forward(float[] in, RunContext context, int segmentLength) {
        checkSegment(segmentLength);
        pending = false;
        int t = context.steps();
        int b = context.batch();
        this.input = in;
        this.ctx = context;
        this.segmentSteps = Math.min(segmentLength, t);
        this.segments = Math.ceilDiv(t, segmentSteps);
        allocate(t, b, context.training());
        for (int k = 0; k < segments; k++) {
            runSegment(k, true);
        }
        input = context.training() ? in : null;
        pending = context.training();
        return new NetworkOutput(output, membrane, t, b, classes);
    }

    /** See {@link Network#backward}; runs segments last to first. */
    void backward(float[] gradOutput, float[] gradMembrane) {
        if (!pending) {
            throw new IllegalStateException("backward needs a preceding checkpointed forward with training = true");
        }
        int size = ctx.rows() * classes;
        checkGradient("gradOutput", gradOutput, size);
        checkGradient("gradMembrane", gradMembrane, size);
        int last = layers.size() - 1;
        if (gradMembrane != null && !spikingLast) {
            throw new IllegalArgumentException("a membrane gradient needs a spiking last layer, but the last layer is "
                    + layers.get(last).spec().type());
        }
        pending = false;
        int b = ctx.batch();
        for (int k = segments - 1; k >= 0; k--) {
            if (k < segments - 1) {
                runSegment(k, false);
            }
            int t0 = k * segmentSteps;
            int len = Math.min(segmentSteps, ctx.steps() - t0);
            float[] gs = gradOutput == null ? null : slice(gradOutput, t0, len, b * classes, SLOT_GRAD_OUTPUT);
            float[] gm = gradMembrane == null ? null : slice(gradMembrane, t0, len, b * classes, SLOT_GRAD_MEMBRANE);
            float[] g = gs;
            for (int i = last; i >= 0; i--) {
                boolean need = i > 0;
                StatefulLayer sl = stateful[i];
                if (sl != null) {
                    float[] gEnd = k == segments - 1 ? null : carryIn[i];
                    float[] gStart = k == 0 ? null : carryOut[i];
                    g = sl.backwardSegment(g, i == last ? gm : null, gEnd, gStart, need);
                    float[] tmp = carryIn[i];
                    carryIn[i] = carryOut[i];
                    carryOut[i] = tmp;
                } else if (i == last && gm != null) {
                    g = ((SpikingLayer) layers.get(i)).backward(g, gm, need);
                } else {
                    g = layers.get(i).backward(g, need);
                }
            }
        }
        input = null;
    }

    /** Forward of segment {@code k}; when {@code record}, saves its final states and output rows. */
    private void runSegment(int k, boolean record) {
        int b = ctx.batch();
        int t0 = k * segmentSteps;
        int len = Math.min(segmentSteps, ctx.steps() - t0);
        RunContext sc = new RunContext(len, b, ctx.training(), ctx.seed(), ctx.kernels());
        float[] x = slice(input, t0, len, b * features, SLOT_INPUT);
        boolean saveFinal = record && k + 1 < segments;
        for (int i = 0; i < layers.size(); i++) {
            RunContext lc = sc.forLayer(i);
            StatefulLayer sl = stateful[i];
            if (sl != null) {
                float[] start = k == 0 ? null : states[k % states.length][i];
                float[] end = saveFinal ? states[(k + 1) % states.length][i] : null;
                x = sl.forwardSegment(x, lc, start, end);
            } else {
                x = layers.get(i).forward(x, lc);
            }
        }
        if (record) {
            int block = b * classes;
            System.arraycopy(x, 0, output, t0 * block, len * block);
            if (membrane != null) {
                float[] m = ((SpikingLayer) layers.get(layers.size() - 1)).membrane();
                System.arraycopy(m, 0, membrane, t0 * block, len * block);
            }
        }
    }

    /** Rows {@code [t0, t0 + len)} of a {@code [T, B, ·]} array, copied into a reused segment buffer. */
    private float[] slice(float[] src, int t0, int len, int block, int slot) {
        int index = slot * 2 + (len == segmentSteps ? 0 : 1);
        int size = len * block;
        float[] buf = buffers[index];
        if (buf == null || buf.length != size) {
            buf = new float[size];
            buffers[index] = buf;
        }
        System.arraycopy(src, t0 * block, buf, 0, size);
        return buf;
    }

    /**
     * Sizes the output arrays, the state slots and the carries; reuses them when the shapes match.
     * Training keeps one slot per segment (slot k = start of segment k, slot 0 unused); inference
     * alternates two slots ({@code k % 2}), so only the states in use are held.
     */
    private void allocate(int steps, int batch, boolean training) {
        int outSize = steps * batch * classes;
        if (output.length != outSize) {
            output = new float[outSize];
        }
        membrane = spikingLast ? sized(membrane, outSize) : null;
        int slots = training ? segments : 2;
        if (states.length != slots) {
            states = new float[slots][layers.size()][];
        }
        for (int i = 0; i < layers.size(); i++) {
            StatefulLayer sl = stateful[i];
            if (sl == null) {
                continue;
            }
            int size = sl.stateVariables() * batch * sl.outputShape().size();
            for (int k = 0; k < slots; k++) {
                boolean used = training ? k >= 1 : segments >= 3 - k;
                states[k][i] = used ? sized(states[k][i], size) : null;
            }
            int carry = sl.stateGradientVariables() * batch * sl.outputShape().size();
            carryIn[i] = training && segments > 1 ? sized(carryIn[i], carry) : null;
            carryOut[i] = training && segments > 1 ? sized(carryOut[i], carry) : null;
        }
    }

    private static float[] sized(float[] buf, int size) {
        return buf != null && buf.length == size ? buf : new float[size];
    }

    private static void checkSegment(int segmentSteps) {
        if (segmentSteps < 1) {
            throw new IllegalArgumentException("checkpoint segment length must be >= 1 time step, got " + segmentSteps);
        }
    }

    private static void checkPositive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }

    private static void checkGradient(String what, float[] g, int size) {
        if (g != null && g.length != size) {
            throw new IllegalArgumentException(what + " has " + g.length + " values, expected T·B·C = " + size);
        }
    }
}
