package org.snn4j.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.MaxPool2d;
import org.snn4j.core.network.Activity;
import org.snn4j.core.network.LayerObserver;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.SpikingLayer;

/**
 * Counts synaptic operations (NeuroBench's {@code SynapticOperations}) of every forward pass of a
 * network it observes, per time step and per connection layer (Linear, Conv2d, and the feedback
 * weights of recurrent LIF and recurrent synaptic layers, whose input at step {@code t ≥ 1} is the
 * layer's own spikes of step {@code t − 1}; {@code Q[0] = 0} is not computed, so step 0 has no recurrent operations).
 *
 * <p>For connection layer {@code l}, sample {@code b} and step {@code t} with input {@code x}:
 * <pre>
 *   dense     += Σ_i dense_l[i]                       (every multiply-accumulate)
 *   effective += Σ_{i : x_i ≠ 0} effective_l[i]       (non-zero input × non-zero weight)
 * </pre>
 * with the fan-out tables of {@link FanOut}; bias is not counted. The effective count is filed as
 * accumulates (ACs) when every input value of layer {@code l} at step {@code t} over the whole
 * batch is −1, 0 or 1, and as multiply-accumulates (MACs) otherwise — NeuroBench's rule, applied
 * per layer and step as its per-step hooks do. So an SNN's first layer fed analog pixels counts
 * MACs at every step, its layers fed spikes count ACs, and a layer fed averaged spikes (after an
 * average pooling) counts MACs.
 *
 * <p>Spike counts: a connection layer fed by a multi-spike neuron layer (a {@link SpikingLayer} with
 * {@link SpikingLayer#maxSpikes()} {@code ≠ 1}: LIF, IF, synaptic, recurrent LIF or recurrent synaptic with
 * {@code maxSpikes ≠ 1}, directly or through {@link Flatten}, {@link Dropout} or {@link MaxPool2d}), and the
 * feedback synapses of a multi-spike recurrent layer, receive at each step a count {@code x_i ∈ {0, 1, 2, …}}
 * of spikes per input.
 * Each spike is one event that every synapse of that input accumulates, as on event-driven hardware and in
 * Sinabs's synaptic-operation counter (input summed times fan-out), so where every input value of the
 * step over the batch is a whole number ≥ 0:
 * <pre>
 *   effective += Σ_i x_i·effective_l[i]                (filed as ACs)
 * </pre>
 * which equals the rule above when all counts are 0 or 1. NeuroBench, which knows no spike counts, would
 * instead file such a step as MACs with one operation per non-zero input. A step of such a layer holding
 * other values (e.g. a training-mode dropout's scaled spikes) falls back to the rule above. A time-invariant input ({@link Network#forwardTimeInvariant}) is
 * counted once and added to each of its {@code T} steps: the figures are those of the network
 * run step by step, whatever shortcut the executor takes.
 *
 * <p>Per-sample figures divide the totals by the number of samples seen (each forward pass adds
 * its batch size {@code B}); {@link #perSampleUpTo(int)} sums only the first {@code t} steps, the
 * cost of a run stopped after {@code t} steps. Attach with {@link #attach(Network)}; the fan-out
 * tables are read from the weights then, so create a new counter after changing weights. Not
 * thread-safe (like the network).
 */
public final class SynapticOperations implements LayerObserver {
    /** One set of synapses: a connection layer, or the feedback of a recurrent layer. */
    private record Synapses(int layerIndex, String type, FanOut fan, boolean recurrent, boolean spikeCounts,
                            long[] totals) {
    }

    /** Synapse sets by network layer index (most layers have none). */
    private final List<List<Synapses>> byLayer = new ArrayList<>();
    private final List<Synapses> all = new ArrayList<>();
    private long[] dense = new long[0];
    private long[] macs = new long[0];
    private long[] acs = new long[0];
    private long[] samplesAtStep = new long[0];
    private long samples;

    private SynapticOperations(Network network) {
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Synapses> here = new ArrayList<>();
            FanOut ff = FanOut.of(layer);
            if (ff != null) {
                here.add(new Synapses(i, layer.spec().type(), ff, false, fedBySpikeCounts(layers, i), new long[3]));
            }
            FanOut rec = FanOut.ofRecurrent(layer);
            if (rec != null) {
                here.add(new Synapses(i, layer.spec().type() + " (recurrent)", rec, true, emitsSpikeCounts(layer),
                        new long[3]));
            }
            byLayer.add(here);
            all.addAll(here);
        }
    }

    /**
     * Whether layer {@code index}'s input comes from a multi-spike neuron layer, directly or through
     * layers that pass counts on unchanged ({@link Flatten}, {@link Dropout}, {@link MaxPool2d}).
     */
    private static boolean fedBySpikeCounts(List<Layer> layers, int index) {
        for (int j = index - 1; j >= 0; j--) {
            Layer l = layers.get(j);
            if (l instanceof SpikingLayer) {
                return emitsSpikeCounts(l);
            }
            if (!(l instanceof Flatten || l instanceof Dropout || l instanceof MaxPool2d)) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code layer} is a spiking layer whose output is a spike count ({@code maxSpikes ≠ 1}). */
    private static boolean emitsSpikeCounts(Layer layer) {
        return layer instanceof SpikingLayer s && s.emitsSpikes() && s.maxSpikes() != 1;
    }

    /** Builds a counter for {@code network}'s current weights and attaches it as an observer. */
    public static SynapticOperations attach(Network network) {
        SynapticOperations ops = new SynapticOperations(network);
        network.addObserver(ops);
        return ops;
    }

    @Override
    public void forwarded(int index, Layer layer, Activity input, Activity output) {
        int steps = input.steps();
        grow(steps);
        if (index == 0) {
            samples += input.batch();
            for (int t = 0; t < steps; t++) {
                samplesAtStep[t] += input.batch();
            }
        }
        if (index >= byLayer.size()) {
            return;
        }
        for (Synapses syn : byLayer.get(index)) {
            if (syn.recurrent()) {
                count(syn, output, 1);   // Q[t] = S[t−1]·V for t ≥ 1
            } else {
                count(syn, input, 0);
            }
        }
    }

    /**
     * Counts the operations of {@code syn} at steps {@code t ∈ [shift, T)} reading the block of step
     * {@code t − shift} of {@code signal} (a time-invariant block stands for every step).
     */
    private void count(Synapses syn, Activity signal, int shift) {
        int steps = signal.steps();
        int batch = signal.batch();
        int features = signal.features();
        float[] x = signal.values();
        long denseBlock = syn.fan().denseTotal * batch;
        long[] totals = syn.totals();
        long lastEffective = 0;
        boolean lastBinary = false;
        int lastBlock = -1;
        for (int t = shift; t < steps; t++) {
            int block = signal.constantOverTime() ? 0 : t - shift;
            if (block != lastBlock) {
                int off = signal.offset(block, 0);
                boolean counts = syn.spikeCounts() && isCounts(x, off, batch * features);
                lastBinary = counts || isBinary(x, off, batch * features);
                lastEffective = 0;
                for (int b = 0; b < batch; b++) {
                    lastEffective += counts ? syn.fan().spikeCountOps(x, off + b * features)
                            : syn.fan().effectiveOps(x, off + b * features);
                }
                lastBlock = block;
            }
            dense[t] += denseBlock;
            (lastBinary ? acs : macs)[t] += lastEffective;
            totals[0] += denseBlock;
            totals[lastBinary ? 2 : 1] += lastEffective;
        }
    }

    private static boolean isBinary(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            float v = x[i];
            if (v != 0f && v != 1f && v != -1f) {
                return false;
            }
        }
        return true;
    }

    /** Whether every value is a whole number ≥ 0 (a spike count). */
    private static boolean isCounts(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            float v = x[i];
            if (!(v >= 0f) || v != (float) Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    private void grow(int steps) {
        if (dense.length < steps) {
            dense = Arrays.copyOf(dense, steps);
            macs = Arrays.copyOf(macs, steps);
            acs = Arrays.copyOf(acs, steps);
            samplesAtStep = Arrays.copyOf(samplesAtStep, steps);
        }
    }

    /** Samples seen so far (the sum of the batch sizes of the observed forward passes). */
    public long samples() {
        return samples;
    }

    /** Operations per sample over all steps of the observed passes. */
    public OperationCounts perSample() {
        return perSampleUpTo(dense.length);
    }

    /**
     * Operations per sample over the first {@code steps} steps: {@code Σ_{t < steps} total[t] / n[t]}
     * with {@code n[t]} the samples that ran step {@code t}.
     *
     * @throws IllegalArgumentException when {@code steps} is negative or more than the longest pass seen
     */
    public OperationCounts perSampleUpTo(int steps) {
        if (steps < 0 || steps > dense.length) {
            throw new IllegalArgumentException("steps must be in [0, " + dense.length + "] (the longest pass seen), got "
                    + steps);
        }
        double d = 0;
        double m = 0;
        double a = 0;
        for (int t = 0; t < steps; t++) {
            d += dense[t] / (double) samplesAtStep[t];
            m += macs[t] / (double) samplesAtStep[t];
            a += acs[t] / (double) samplesAtStep[t];
        }
        return new OperationCounts(d, m, a);
    }

    /**
     * One connection layer's operations per sample over all observed steps.
     *
     * @param layerIndex index of the layer in the network
     * @param type       its spec type ({@code linear}, {@code conv2d})
     */
    public record LayerOperations(int layerIndex, String type, OperationCounts counts) {
    }

    /**
     * Per-layer operations per sample, in network order: one entry per connection layer, and one
     * (type {@code "rlif (recurrent)"} or {@code "rsynaptic (recurrent)"}) for the feedback synapses of
     * each recurrent layer.
     */
    public List<LayerOperations> perLayer() {
        List<LayerOperations> list = new ArrayList<>();
        double n = Math.max(1, samples);
        for (Synapses syn : all) {
            long[] tot = syn.totals();
            list.add(new LayerOperations(syn.layerIndex(), syn.type(), new OperationCounts(tot[0] / n, tot[1] / n, tot[2] / n)));
        }
        return list;
    }

    /** Forgets all counts (the fan-out tables stay). */
    public void reset() {
        dense = new long[0];
        macs = new long[0];
        acs = new long[0];
        samplesAtStep = new long[0];
        samples = 0;
        for (Synapses syn : all) {
            Arrays.fill(syn.totals(), 0);
        }
    }
}
