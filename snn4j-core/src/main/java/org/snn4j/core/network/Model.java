package org.snn4j.core.network;

import java.util.List;
import java.util.Objects;

/**
 * A trained network together with everything needed to use it the way it was trained: the input
 * encoder, the number of time steps, the loss whose read-out predicts classes, the data set's class
 * names, and the provenance. This is what a model file holds.
 *
 * @param network    the network with its weights
 * @param encoder    encoder name (e.g. {@code "direct"})
 * @param steps      time steps T used in training and inference
 * @param loss       loss name; its read-out turns outputs into class scores
 * @param dataset    name of the data set it was trained on (may be empty)
 * @param classNames class names in label order (may be empty)
 * @param provenance how it was made
 */
public record Model(Network network, String encoder, int steps, String loss, String dataset,
                    List<String> classNames, Provenance provenance) {

    public Model {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(dataset, "dataset");
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(provenance, "provenance");
        if (steps < 1) {
            throw new IllegalArgumentException("time steps must be >= 1, got " + steps);
        }
    }
}
