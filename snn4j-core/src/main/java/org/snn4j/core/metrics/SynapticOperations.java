package org.snn4j.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.network.Activity;
import org.snn4j.core.network.LayerObserver;
import org.snn4j.core.network.Network;

/**
 * Counts synaptic operations (NeuroBench's {@code SynapticOperations}) of every forward pass of a
 * network it observes, per time step and per connection layer (Linear, Conv2d).
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
 * average pooling) counts MACs. A time-invariant input ({@link Network#forwardTimeInvariant}) is
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
    private final int[] layerIndex;
    private final String[] layerType;
    private final FanOut[] fanOuts;
    /** fanOuts by network layer index (null for layers that are not connections). */
    private final FanOut[] byLayer;
    private final int[] slotOf;
    private final long[][] layerTotals;
    private long[] dense = new long[0];
    private long[] macs = new long[0];
    private long[] acs = new long[0];
    private long[] samplesAtStep = new long[0];
    private long samples;

    private SynapticOperations(Network network) {
        List<Layer> layers = network.layers();
        byLayer = new FanOut[layers.size()];
        slotOf = new int[layers.size()];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            byLayer[i] = FanOut.of(layers.get(i));
            slotOf[i] = -1;
            if (byLayer[i] != null) {
                slotOf[i] = idx.size();
                idx.add(i);
            }
        }
        layerIndex = idx.stream().mapToInt(Integer::intValue).toArray();
        layerType = new String[layerIndex.length];
        fanOuts = new FanOut[layerIndex.length];
        for (int s = 0; s < layerIndex.length; s++) {
            layerType[s] = layers.get(layerIndex[s]).spec().type();
            fanOuts[s] = byLayer[layerIndex[s]];
        }
        layerTotals = new long[layerIndex.length][3];
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
        if (index == 0) {
            grow(steps);
            samples += input.batch();
            for (int t = 0; t < steps; t++) {
                samplesAtStep[t] += input.batch();
            }
        }
        if (index >= byLayer.length || byLayer[index] == null) {
            return;
        }
        FanOut fan = byLayer[index];
        long[] totals = layerTotals[slotOf[index]];
        grow(steps);
        int stored = input.storedSteps();
        int repeat = steps / stored;
        long denseBlock = fan.denseTotal * input.batch();
        for (int s = 0; s < stored; s++) {
            float[] x = input.values();
            int off = input.offset(s, 0);
            int len = input.batch() * input.features();
            boolean binary = isBinary(x, off, len);
            long eff = 0;
            for (int b = 0; b < input.batch(); b++) {
                eff += fan.effectiveOps(x, off + b * input.features());
            }
            for (int r = 0; r < repeat; r++) {
                int t = s * repeat + r;
                dense[t] += denseBlock;
                (binary ? acs : macs)[t] += eff;
            }
            totals[0] += denseBlock * repeat;
            totals[binary ? 2 : 1] += eff * repeat;
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

    /** Per-layer operations per sample, in network order (connection layers only). */
    public List<LayerOperations> perLayer() {
        List<LayerOperations> list = new ArrayList<>();
        for (int s = 0; s < layerIndex.length; s++) {
            double n = Math.max(1, samples);
            long[] tot = layerTotals[s];
            list.add(new LayerOperations(layerIndex[s], layerType[s], new OperationCounts(tot[0] / n, tot[1] / n, tot[2] / n)));
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
        for (long[] t : layerTotals) {
            Arrays.fill(t, 0);
        }
    }
}
