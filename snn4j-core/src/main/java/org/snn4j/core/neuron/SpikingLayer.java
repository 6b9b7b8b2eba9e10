package org.snn4j.core.neuron;

import org.snn4j.core.layer.Layer;

/**
 * A layer of spiking neurons. Its output is the spike train {@code S[t] ∈ {0, 1}} of shape
 * {@code [T, B, N]} (a spike count {@code S[t] ∈ {0, 1, 2, …}} where {@link #maxSpikes()} is not 1);
 * it also exposes the membrane potential it computed, so that losses on the membrane (snnTorch
 * tutorial 5) and monitors can read it. A non-spiking integrator ({@link LeakyIntegrator},
 * {@link #emitsSpikes()} false) is one too: its output is its membrane {@code U} itself, and the
 * gradients on both outputs are gradients on {@code U} and add.
 */
public interface SpikingLayer extends Layer {

    /**
     * The membrane potential {@code U[t]} of the last forward pass, {@code [T, B, N]}, as defined by
     * the neuron model's Javadoc (after the reset caused by the previous step's spike, before this
     * step's reset). Owned by the layer; overwritten by the next forward.
     */
    float[] membrane();

    /**
     * Whether the output is a spike train (true for every spiking neuron layer); false for a
     * non-spiking integrator, whose analog output is its {@link #membrane()}. Metrics and spike
     * rasters count only the layers that emit spikes as spiking.
     */
    default boolean emitsSpikes() {
        return true;
    }

    /**
     * Spikes a neuron of this layer may emit per step: 1 (the default: {@code S ∈ {0, 1}}), k &gt; 1 (a count of
     * at most k) or 0 (a count without cap). The neuron models with a {@code maxSpikes} spec field return it;
     * metrics count an output of k as k spikes.
     */
    default int maxSpikes() {
        return 1;
    }

    /**
     * Backward with gradients on both outputs: spikes and membrane potential.
     *
     * @param gradSpikes   dL/dS, {@code [T, B, N]}, or null when the loss reads only the membrane
     * @param gradMembrane dL/dU, {@code [T, B, N]}, or null when the loss reads only the spikes
     * @return dL/d(input current), {@code [T, B, N]}, or null when {@code needInputGrad} is false
     */
    float[] backward(float[] gradSpikes, float[] gradMembrane, boolean needInputGrad);

    @Override
    default float[] backward(float[] gradOutput, boolean needInputGrad) {
        return backward(gradOutput, null, needInputGrad);
    }
}
