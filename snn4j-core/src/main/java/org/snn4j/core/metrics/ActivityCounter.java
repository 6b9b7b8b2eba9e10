package org.snn4j.core.metrics;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.network.Activity;
import org.snn4j.core.network.LayerObserver;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.neuron.StatefulLayer;

/**
 * Counts what the activation layers of an observed network produce: NeuroBench's activation
 * sparsity, per-layer firing rates and membrane updates.
 *
 * <p>Activation layers are the neuron layers ({@link SpikingLayer}: LIF, IF, synaptic, ALIF,
 * RLIF, recurrent synaptic, the stateless threshold, and the non-spiking leaky integrator LI) and the
 * ANN activations ({@link Relu}, {@link Qcfs}). Over all observed steps and samples:
 * <pre>
 *   activation sparsity  = Σ_layers #{outputs = 0} / Σ_layers #outputs
 *   rate of spiking l    = Σ outputs of l / #outputs of l           (spikes per neuron and step)
 *   rate of other l      = #{outputs of l ≠ 0} / #outputs of l      (LI and the ANN activations)
 *   membrane updates     = Σ_{stateful l} #{(t, b, n) : U[t] ≠ U[t−1] or S[t−1] ≠ 0} / samples
 * </pre>
 * where {@code U[t]} is the layer's {@linkplain SpikingLayer#membrane() membrane} at step {@code t}
 * (before its own reset) and {@code U[−1] = 0}. A neuron's membrane counts as updated at a step
 * when it differs from the previous step's or the neuron was reset after spiking — the neurons an
 * event-driven implementation would have to touch. NeuroBench compares {@code U[t]} with the
 * potential after the previous reset, which gives the same count except where a reset and the
 * new input cancel exactly. A multi-spike layer ({@link SpikingLayer#maxSpikes()}
 * {@code ≠ 1}) outputs spike counts: an output of k adds k spikes to its rate (as Sinabs's firing rate, the
 * mean output) and counts once as a non-zero output in the sparsity; for single-spike layers (outputs 0
 * or 1) the sum of the outputs is the number of non-zero outputs. The dense count, every neuron at every step, is
 * {@link #neuronStepsPerSample()}.
 * Membrane updates and neuron-steps count the neuron layers with state carried across steps
 * ({@link StatefulLayer}); a stateless threshold ({@code neuron/Threshold}) keeps no membrane, so its
 * spikes count in the sparsity and its rate, but it adds no membrane updates and no neuron-steps.
 *
 * <p>A layer that does not {@linkplain SpikingLayer#emitsSpikes() emit spikes} (LI) is reported
 * with {@code spiking = false}: its analog output {@code U} counts towards the activation sparsity
 * (its zeros) and its rate is the fraction of non-zero outputs, as for an ANN activation; it has no
 * spikes and no reset, so its membrane updates are {@code #{(t, b, n) : U[t] ≠ U[t−1]}} and it adds
 * its {@code N·T} neuron-steps.
 */
public final class ActivityCounter implements LayerObserver {
    private final List<Counts> layers = new ArrayList<>();
    private final Counts[] byLayer;
    private long samples;

    private static final class Counts {
        final int layerIndex;
        final String type;
        final int neurons;
        final boolean spiking;
        long outputs;
        long nonZero;
        /** Sum of the outputs of a spiking layer (spikes, counts included). */
        double spikes;
        long updates;
        long neuronSteps;

        Counts(int layerIndex, String type, int neurons, boolean spiking) {
            this.layerIndex = layerIndex;
            this.type = type;
            this.neurons = neurons;
            this.spiking = spiking;
        }
    }

    private ActivityCounter(Network network) {
        List<Layer> list = network.layers();
        byLayer = new Counts[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Layer l = list.get(i);
            if (isActivation(l)) {
                byLayer[i] = new Counts(i, l.spec().type(), l.outputShape().size(),
                        l instanceof SpikingLayer sl && sl.emitsSpikes());
                layers.add(byLayer[i]);
            }
        }
    }

    /** Whether {@code layer} is an activation layer in the sense above. */
    public static boolean isActivation(Layer layer) {
        return layer instanceof SpikingLayer || layer instanceof Relu || layer instanceof Qcfs;
    }

    /** Builds a counter for {@code network}'s activation layers and attaches it as an observer. */
    public static ActivityCounter attach(Network network) {
        ActivityCounter c = new ActivityCounter(network);
        network.addObserver(c);
        return c;
    }

    @Override
    public void forwarded(int index, Layer layer, Activity input, Activity output) {
        if (index == 0) {
            samples += input.batch();
        }
        if (index >= byLayer.length || byLayer[index] == null) {
            return;
        }
        Counts c = byLayer[index];
        float[] y = output.values();
        int block = output.batch() * output.features();
        long nonZero = 0;
        double sum = 0;
        for (int s = 0; s < output.storedSteps(); s++) {
            int off = output.offset(s, 0);
            for (int i = off; i < off + block; i++) {
                nonZero += y[i] != 0f ? 1 : 0;
                sum += y[i];
            }
        }
        int repeat = output.steps() / output.storedSteps();
        c.nonZero += nonZero * repeat;
        c.spikes += sum * repeat;
        c.outputs += (long) block * output.steps();
        if (layer instanceof StatefulLayer stateful) {
            c.updates += updates(stateful.membrane(), stateful.emitsSpikes() ? y : null, output.steps(), block);
            c.neuronSteps += (long) block * output.steps();
        }
    }

    /**
     * {@code #{(t, i) : U[t, i] ≠ U[t−1, i] or S[t−1, i] ≠ 0}} with {@code U[−1] = 0, S[−1] = 0};
     * {@code s} null (no spikes, no reset): {@code #{(t, i) : U[t, i] ≠ U[t−1, i]}}.
     */
    private static long updates(float[] u, float[] s, int steps, int block) {
        long n = 0;
        for (int i = 0; i < block; i++) {
            n += u[i] != 0f ? 1 : 0;
        }
        for (int t = 1; t < steps; t++) {
            int cur = t * block;
            int prev = cur - block;
            for (int i = 0; i < block; i++) {
                n += (u[cur + i] != u[prev + i] || (s != null && s[prev + i] != 0f)) ? 1 : 0;
            }
        }
        return n;
    }

    /** Samples seen (the sum of the observed batch sizes). */
    public long samples() {
        return samples;
    }

    /** Zero outputs over all outputs of all activation layers (NaN before any output). */
    public double activationSparsity() {
        long outputs = 0;
        long nonZero = 0;
        for (Counts c : layers) {
            outputs += c.outputs;
            nonZero += c.nonZero;
        }
        return outputs == 0 ? Double.NaN : (outputs - nonZero) / (double) outputs;
    }

    /** Membrane updates per sample, summed over the stateful neuron layers (spiking and LI). */
    public double membraneUpdatesPerSample() {
        return layers.stream().mapToLong(c -> c.updates).sum() / (double) Math.max(1, samples);
    }

    /**
     * Neuron-steps per sample of the stateful neuron layers (spiking and LI): Σ_l N_l·T, what a clock-driven
     * simulation updates.
     */
    public double neuronStepsPerSample() {
        return layers.stream().mapToLong(c -> c.neuronSteps).sum() / (double) Math.max(1, samples);
    }

    /**
     * One activation layer's figures.
     *
     * @param layerIndex              index in the network
     * @param type                    spec type ({@code lif}, {@code if}, {@code relu} …)
     * @param neurons                 outputs per sample and step
     * @param spiking                 whether it is a spiking layer (false for an ANN activation and for LI)
     * @param rate                    spikes per neuron and step for a spiking layer (a count k counts k), non-zero
     *                                outputs per output for LI and an ANN activation
     * @param membraneUpdatesPerSample membrane updates per sample (0 for an ANN activation and a stateless threshold)
     */
    public record LayerActivity(int layerIndex, String type, int neurons, boolean spiking, double rate,
                                double membraneUpdatesPerSample) {
    }

    /** Per activation layer, in network order. */
    public List<LayerActivity> perLayer() {
        double n = Math.max(1, samples);
        return layers.stream().map(c -> new LayerActivity(c.layerIndex, c.type, c.neurons, c.spiking,
                c.outputs == 0 ? Double.NaN : (c.spiking ? c.spikes : c.nonZero) / (double) c.outputs,
                c.updates / n)).toList();
    }
}
