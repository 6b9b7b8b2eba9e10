package org.snn4j.core.network;

import org.snn4j.core.layer.Layer;

/**
 * Sees each layer's input and output in every forward pass of the networks it is
 * {@linkplain Network#addObserver attached} to, right after the layer ran: the hook for metrics
 * that count work or activity (synaptic operations, activation sparsity) without copying
 * activations as a {@link Monitor} does.
 *
 * <p>Observers do not change how the network runs: in {@link Network#forwardTimeInvariant} the
 * leading stateless layers still run once per sample, and their input and output arrive as
 * {@linkplain Activity#constantOverTime() time-invariant} blocks. Layers are reported in order,
 * each exactly once per forward pass. {@link Network#forwardCheckpointed} refuses to run with
 * observers attached (it recomputes segments, which would be seen twice).
 */
@FunctionalInterface
public interface LayerObserver {

    /**
     * Called after layer {@code layerIndex} has run.
     *
     * @param layer  the layer (its state, e.g. a spiking layer's membrane, is that after this pass)
     * @param input  what the layer read; read only, valid during this call only
     * @param output what the layer produced; read only, valid during this call only
     */
    void forwarded(int layerIndex, Layer layer, Activity input, Activity output);
}
