package org.snn4j.core.network;

/**
 * The output of a network's forward pass over a batch: the last layer's output {@code [T, B, N]}
 * (spikes for a spiking last layer) and, when the last layer spikes, its membrane potential of the
 * same shape. Arrays are owned by the network and overwritten by the next forward.
 *
 * @param output   last layer output, {@code [T, B, N]}
 * @param membrane last layer membrane potential, {@code [T, B, N]}, or null if the last layer does not spike
 * @param steps    T
 * @param batch    B
 * @param classes  N, the output width
 */
public record NetworkOutput(float[] output, float[] membrane, int steps, int batch, int classes) {
}
