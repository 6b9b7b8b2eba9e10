package org.snn4j.core.network;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.LayerSpec;

/**
 * The architecture of a sequential network: the per-sample input shape and the layer specs in
 * order. This is what architecture files and model files describe; weights are separate.
 *
 * @param inputShape per-sample, per-step input shape, e.g. {@code [784]} or {@code [1, 28, 28]}
 * @param layers     layer specs, first to last, at least one
 */
public record NetworkSpec(Shape inputShape, List<LayerSpec> layers) {

    public NetworkSpec {
        Objects.requireNonNull(inputShape, "inputShape");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
    }

    /** Builds a network with parameters initialised from {@code seed}. */
    public Network build(long seed) {
        return new Network(this, new SplittableRandom(seed));
    }
}
