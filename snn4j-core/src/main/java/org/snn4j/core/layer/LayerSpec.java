package org.snn4j.core.layer;

import java.util.random.RandomGenerator;
import org.snn4j.core.Shape;

/**
 * The serialisable description of a layer: its kind and hyper-parameters, not its weights. Specs
 * are small validated records; a list of them plus an input shape describes a whole sequential
 * network and is what model and architecture files store.
 */
public interface LayerSpec {

    /** Stable type name used in architecture files, e.g. {@code "linear"}, {@code "lif"}. */
    String type();

    /**
     * Builds a fresh layer for the given per-sample input shape, initialising parameters from
     * {@code rng}.
     */
    Layer build(Shape inputShape, RandomGenerator rng);
}
