package org.snn4j.core.metrics;

import org.snn4j.core.Parameter;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.RecurrentLeaky;
import org.snn4j.core.neuron.RecurrentSynaptic;

/** The metrics of a network that need no data: NeuroBench's footprint and connection sparsity. */
public final class StaticMetrics {
    private StaticMetrics() {
    }

    /**
     * Bytes of the model's state: 4 bytes (float32) per scalar of every parameter and buffer
     * ({@link Network#parameters()}, {@link Network#buffers()}: weights, biases, batch-norm
     * statistics, trained neuron constants). Fixed neuron constants held in the layer specs (a β or
     * θ that is not trained) are not counted.
     */
    public static long footprintBytes(Network network) {
        return Float.BYTES * (network.parameterCount() + network.bufferCount());
    }

    /**
     * Zero weights over all weights of the connection layers: the weights of conv2d and linear
     * layers and the feedback weights of recurrent LIF and synaptic layers (biases excluded); 0 for a network
     * without connection layers.
     */
    public static double connectionSparsity(Network network) {
        long zeros = 0;
        long total = 0;
        for (Layer layer : network.layers()) {
            Parameter w = layer instanceof Linear l ? l.weight()
                    : layer instanceof Conv2d c ? c.weight()
                    : layer instanceof RecurrentLeaky r ? r.recurrentWeight()
                    : layer instanceof RecurrentSynaptic r ? r.recurrentWeight() : null;
            if (w == null) {
                continue;
            }
            for (float v : w.value()) {
                zeros += v == 0f ? 1 : 0;
            }
            total += w.size();
        }
        return total == 0 ? 0 : zeros / (double) total;
    }
}
