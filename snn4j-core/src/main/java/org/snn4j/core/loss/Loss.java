package org.snn4j.core.loss;

import org.snn4j.core.network.NetworkOutput;

/**
 * A training loss over a network's output sequence, averaged over the batch. Each loss also
 * defines the matching read-out: how a class is predicted from the output ({@link #scores}).
 */
public interface Loss {

    /**
     * Computes the mean loss over the batch and writes the gradients of that mean.
     *
     * @param out          the network output
     * @param labels       class index per sample, length ≥ {@code out.batch()}
     * @param gradOutput   receives dL/d(output) {@code [T, B, N]} (fully overwritten), or null if this loss ignores the output
     * @param gradMembrane receives dL/d(membrane) {@code [T, B, N]} (fully overwritten), or null if this loss ignores the membrane
     * @return the mean loss over the batch
     */
    float compute(NetworkOutput out, int[] labels, float[] gradOutput, float[] gradMembrane);

    /** Whether {@link #compute} writes a gradient on the output (spikes). */
    boolean usesOutput();

    /** Whether {@link #compute} writes a gradient on the last layer's membrane potential. */
    boolean usesMembrane();

    /**
     * Class scores {@code [B, N]} that this loss's read-out predicts from (argmax = prediction),
     * e.g. spike counts or summed membrane potential.
     */
    float[] scores(NetworkOutput out);

    /** Stable name used in the CLI and model files, e.g. {@code "ce-count"}. */
    String name();
}
