package org.snn4j.core.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.layer.StatelessLayer;
import org.snn4j.core.layer.TimeInvariantInput;
import org.snn4j.core.neuron.SpikingLayer;

/**
 * A sequential multi-step network: layers applied in order to a batch of input sequences
 * {@code [T, B, F]}. Create one with {@link #builder(int...)} or {@link NetworkSpec#build(long)}.
 *
 * <p>Forward passes run all {@code T} steps of every layer before the next layer (layer-by-layer,
 * time-major), which turns stateless layers into single large GEMMs. Backward runs the layers in
 * reverse, each with its own fused loop over time. Not thread-safe: one forward/backward at a time.
 */
public final class Network {
    private final NetworkSpec spec;
    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final List<Parameter> buffers;
    private final List<Monitor> monitors = new ArrayList<>();
    private final List<LayerObserver> observers = new ArrayList<>();
    private float[] broadcast = new float[0];
    private float[] foldedGrad = new float[0];
    private RunContext lastContext;
    /** Leading layers the last forward ran on B rows (0 after {@link #forward}). */
    private int foldedLayers;
    /**
     * Whether layer {@link #foldedLayers} of the last forward consumed the {@code [B, n]} rows itself
     * ({@link TimeInvariantInput}), so that its backward already returns the time-summed gradient.
     */
    private boolean foldedIntoLayer;
    /** Whether {@link #forwardTimeInvariant} may hand its rows to a {@link TimeInvariantInput} layer. */
    private boolean timeInvariantLayers = true;
    private CheckpointExecutor checkpoint;
    private boolean checkpointed;

    Network(NetworkSpec spec, RandomGenerator rng) {
        List<Layer> built = new ArrayList<>();
        List<LayerSpec> resolved = new ArrayList<>();
        Shape shape = spec.inputShape();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec ls = spec.layers().get(i);
            Layer layer;
            try {
                layer = ls.build(shape, rng);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + ls.type() + "): " + e.getMessage(), e);
            }
            built.add(layer);
            resolved.add(layer.spec());
            shape = layer.outputShape();
        }
        this.spec = new NetworkSpec(spec.inputShape(), resolved);
        this.layers = Collections.unmodifiableList(built);
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) {
            ps.addAll(l.parameters());
        }
        this.parameters = Collections.unmodifiableList(ps);
        List<Parameter> bs = new ArrayList<>();
        for (Layer l : layers) {
            bs.addAll(l.buffers());
        }
        this.buffers = Collections.unmodifiableList(bs);
    }

    /** Starts a network description with the given per-sample input shape. */
    public static NetworkBuilder builder(int... inputShape) {
        return new NetworkBuilder(Shape.of(inputShape));
    }

    /** The architecture, with inferred sizes filled in. */
    public NetworkSpec spec() {
        return spec;
    }

    public Shape inputShape() {
        return spec.inputShape();
    }

    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** All trainable parameters, layer by layer in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /**
     * All non-trainable buffers (e.g. batch norm running statistics), layer by layer in order. They
     * are part of the model (saved and loaded with it) but not of {@link #parameters()}, so
     * optimisers, gradient clipping and {@link #zeroGrad()} never touch them.
     */
    public List<Parameter> buffers() {
        return buffers;
    }

    /** Total number of buffer scalars. */
    public long bufferCount() {
        long n = 0;
        for (Parameter p : buffers) {
            n += p.size();
        }
        return n;
    }

    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /** Attaches a monitor recording layer {@code layerIndex}'s output (and membrane) on every forward. */
    public Monitor monitor(int layerIndex) {
        if (layerIndex < 0 || layerIndex >= layers.size()) {
            throw new IllegalArgumentException("layer index " + layerIndex + " out of range [0, " + layers.size() + ")");
        }
        Monitor m = new Monitor(layerIndex, layers.get(layerIndex).outputShape().size());
        monitors.add(m);
        return m;
    }

    /** Detaches a monitor. */
    public void removeMonitor(Monitor monitor) {
        monitors.remove(monitor);
    }

    /**
     * Attaches an observer that sees every layer's input and output in each later forward pass
     * ({@link #forward} and {@link #forwardTimeInvariant}); observers are called in the order attached.
     */
    public void addObserver(LayerObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Detaches an observer. */
    public void removeObserver(LayerObserver observer) {
        observers.remove(observer);
    }

    /**
     * Forward pass over a batch of input sequences.
     *
     * @param input {@code [T, B, F]} with {@code F = inputShape().size()}; must stay unchanged until backward
     */
    public NetworkOutput forward(float[] input, RunContext ctx) {
        checkSequenceInput(input, ctx);
        return run(input, 0, ctx);
    }

    /**
     * Forward pass for an input that is the same at every step (direct encoding), given once per
     * sample as {@code [B, F]}. Leading stateless layers run on the {@code B} distinct rows only and
     * their output is broadcast over time at the first stateful layer — exactly the result of
     * {@link #forward} on the repeated input, at a fraction of the cost (the {@code T}-fold work of
     * those layers is done once).
     *
     * <p>In training, {@link #backward} folds the gradient the same way: at the broadcast point
     * the {@code [T, B, n]} gradient is summed over time, {@code Ĝ[b] = Σ_t G[t, b]}, and the
     * leading layers run their backward on the {@code B} rows of {@code Ĝ}. For a linear layer this
     * computes {@code dW = Xᵀ·Σ_t G_t}, which equals the unfolded {@code Σ_t Xᵀ·G_t} up to float
     * rounding (the summation order differs). Monitors disable the shortcut (they see every layer
     * over all steps).
     *
     * <p>When the first stateful layer is a {@link TimeInvariantInput} (e.g. a LIF layer), it takes
     * the {@code [B, n]} rows directly and reads them at every step: no {@code [T, B, n]} broadcast
     * copy is made, and its backward returns {@code Ĝ[b] = Σ_t G[t, b]} itself (accumulated inside its
     * reverse-time loop, in reverse time order; equal up to float rounding), so no {@code [T, B, n]}
     * input gradient is written or summed. Its outputs, membranes and parameter gradients are bit for
     * bit those of the broadcast path. Other stateful layers get the broadcast copy.
     *
     * @param input {@code [B, F]}; must stay unchanged until backward
     */
    public NetworkOutput forwardTimeInvariant(float[] input, RunContext ctx) {
        int b = ctx.batch();
        int expected = b * inputShape().size();
        if (input.length != expected) {
            throw new IllegalArgumentException("time-invariant network input has " + input.length
                    + " values, expected B·F = " + b + "·" + inputShape().size() + " = " + expected);
        }
        float[] x = input;
        int i = 0;
        while (i < layers.size() - 1 && layers.get(i) instanceof StatelessLayer sl && monitors.isEmpty()) {
            float[] y = sl.forwardRows(x, b, ctx.forLayer(i));
            notifyObservers(i, x, true, y, true, ctx);
            x = y;
            i++;
        }
        if (timeInvariantLayers && monitors.isEmpty() && layers.get(i) instanceof TimeInvariantInput ti) {
            float[] y = ti.forwardTimeInvariant(x, ctx.forLayer(i));
            notifyObservers(i, x, true, y, false, ctx);
            NetworkOutput out = run(y, i + 1, ctx);
            foldedLayers = i;
            foldedIntoLayer = true;
            return out;
        }
        int n = (i == 0 ? inputShape() : layers.get(i - 1).outputShape()).size();
        int block = b * n;
        int total = ctx.steps() * block;
        if (broadcast.length != total) {
            broadcast = new float[total];
        }
        for (int t = 0; t < ctx.steps(); t++) {
            System.arraycopy(x, 0, broadcast, t * block, block);
        }
        NetworkOutput out = run(broadcast, i, ctx);
        foldedLayers = i;
        return out;
    }

    /**
     * Forward pass with gradient checkpointing over time: runs the sequence in segments of
     * {@code segmentSteps} steps, keeping only each stateful layer's state at the segment starts
     * and the output, and recomputes each segment during the following {@link #backward} (details,
     * memory and cost in {@link CheckpointExecutor}). Gives the same output as {@link #forward};
     * backward gives the same gradients (bit for bit, except for sums over all rows split at segment
     * boundaries, e.g. Linear weight gradients, which agree up to float rounding). With
     * {@code training = false} it is a forward in bounded memory.
     *
     * @param input        {@code [T, B, F]}, read one segment at a time; must stay unchanged until backward
     * @param segmentSteps S ≥ 1 (S ≥ T runs one segment)
     * @throws IllegalArgumentException for S &lt; 1, attached monitors, or a layer that cannot run in
     *                                  segments ({@link CheckpointExecutor#requireSupported})
     */
    public NetworkOutput forwardCheckpointed(float[] input, RunContext ctx, int segmentSteps) {
        checkSequenceInput(input, ctx);
        if (!monitors.isEmpty()) {
            throw new IllegalArgumentException("monitors record whole [T, B, N] sequences, which checkpointing does "
                    + "not keep: remove the " + monitors.size() + " monitor(s) or use forward");
        }
        if (!observers.isEmpty()) {
            throw new IllegalArgumentException("checkpointing recomputes segments, which observers would see twice: "
                    + "remove the " + observers.size() + " observer(s) or use forward");
        }
        if (checkpoint == null) {
            checkpoint = new CheckpointExecutor(this);
        }
        lastContext = null;
        NetworkOutput out = checkpoint.forward(input, ctx, segmentSteps);
        lastContext = ctx;
        checkpointed = true;
        return out;
    }

    /** The checkpoint executor, or null before the first {@link #forwardCheckpointed}. */
    CheckpointExecutor checkpointExecutor() {
        return checkpoint;
    }

    private NetworkOutput run(float[] input, int firstLayer, RunContext ctx) {
        float[] x = input;
        for (int i = firstLayer; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            float[] in = x;
            x = layer.forward(x, ctx.forLayer(i));
            notifyObservers(i, in, false, x, false, ctx);
            for (Monitor m : monitors) {
                if (m.layerIndex() == i) {
                    m.record(x, layer instanceof SpikingLayer s ? s.membrane() : null, ctx.steps(), ctx.batch());
                }
            }
        }
        lastContext = ctx;
        foldedLayers = 0;
        foldedIntoLayer = false;
        checkpointed = false;
        Layer last = layers.get(layers.size() - 1);
        float[] membrane = last instanceof SpikingLayer s ? s.membrane() : null;
        return new NetworkOutput(x, membrane, ctx.steps(), ctx.batch(), outputShape().size());
    }

    /**
     * Backward pass for the last training forward. Accumulates into every parameter's gradient.
     *
     * @param gradOutput   dL/d(output) {@code [T, B, N]}, or null if the loss reads only the membrane
     * @param gradMembrane dL/d(last layer membrane) {@code [T, B, N]}, or null
     */
    public void backward(float[] gradOutput, float[] gradMembrane) {
        if (lastContext == null || !lastContext.training()) {
            throw new IllegalStateException("backward needs a preceding forward with training = true");
        }
        if (checkpointed) {
            lastContext = null;
            checkpoint.backward(gradOutput, gradMembrane);
            return;
        }
        int last = layers.size() - 1;
        float[] g;
        if (layers.get(last) instanceof SpikingLayer s) {
            g = s.backward(gradOutput, gradMembrane, last > 0);
        } else {
            if (gradMembrane != null) {
                throw new IllegalArgumentException("a membrane gradient needs a spiking last layer, but the last layer is "
                        + layers.get(last).spec().type());
            }
            g = layers.get(last).backward(gradOutput, last > 0);
        }
        for (int i = last - 1; i >= 0; i--) {
            if (i == foldedLayers - 1 && !foldedIntoLayer) {
                g = sumOverTime(g, lastContext.steps(), lastContext.batch() * layers.get(i).outputShape().size());
            }
            g = layers.get(i).backward(g, i > 0);
        }
        lastContext = null;
    }

    /**
     * Whether {@link #forwardTimeInvariant} hands the rows to a first stateful layer that is a
     * {@link TimeInvariantInput} (default true); false forces the broadcast copy (for comparisons).
     */
    void timeInvariantLayers(boolean enabled) {
        timeInvariantLayers = enabled;
    }

    /** Whether the last forward's first stateful layer consumed the {@code [B, n]} rows itself. */
    boolean foldedIntoLayer() {
        return foldedIntoLayer;
    }

    /** Length of the {@code [T, B, n]} broadcast buffer (0 until the broadcast path has run). */
    int broadcastLength() {
        return broadcast.length;
    }

    /** Tells every observer that layer {@code i} read {@code in} and produced {@code out}. */
    private void notifyObservers(int i, float[] in, boolean inConstant, float[] out, boolean outConstant, RunContext ctx) {
        if (observers.isEmpty()) {
            return;
        }
        Layer layer = layers.get(i);
        Shape inShape = i == 0 ? inputShape() : layers.get(i - 1).outputShape();
        Activity input = new Activity(in, ctx.steps(), ctx.batch(), inShape.size(), inConstant);
        Activity output = new Activity(out, ctx.steps(), ctx.batch(), layer.outputShape().size(), outConstant);
        for (LayerObserver o : observers) {
            o.forwarded(i, layer, input, output);
        }
    }

    /** Checks that a {@code [T, B, F]} input has {@code T·B·F} values. */
    private void checkSequenceInput(float[] input, RunContext ctx) {
        int expected = ctx.rows() * inputShape().size();
        if (input.length != expected) {
            throw new IllegalArgumentException("network input has " + input.length + " values, expected T·B·F = "
                    + ctx.steps() + "·" + ctx.batch() + "·" + inputShape().size() + " = " + expected);
        }
    }

    /** {@code Ĝ[j] = Σ_t g[t·block + j]} for {@code j < block}, into a reused buffer. */
    private float[] sumOverTime(float[] g, int steps, int block) {
        if (foldedGrad.length != block) {
            foldedGrad = new float[block];
        }
        System.arraycopy(g, 0, foldedGrad, 0, block);
        for (int t = 1; t < steps; t++) {
            lastContext.kernels().axpy(block, 1f, g, t * block, foldedGrad, 0);
        }
        return foldedGrad;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network(input ").append(inputShape());
        for (Layer l : layers) {
            sb.append(" -> ").append(l.spec().type()).append(l.outputShape());
        }
        return sb.append(", ").append(parameterCount()).append(" parameters)").toString();
    }
}
