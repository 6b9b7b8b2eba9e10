/**
 * snn4j core: the multi-step spiking network engine. Activations are time-major flat
 * {@code float[]} of shape {@code [T, B, N]}; {@link org.snn4j.core.Shape} describes one sample's
 * features and {@link org.snn4j.core.Parameter} a trainable tensor with its gradient.
 * Sub-packages: {@code kernel} (GEMM and element-wise kernels, Vector API and scalar),
 * {@code layer} (Linear, Dropout, Flatten), {@code neuron} (LIF, IF, Synaptic, ALIF, RLIF),
 * {@code network} (sequential networks, specs, monitors, model metadata), {@code encode},
 * {@code loss}, {@code optim}, {@code data} (loader) and {@code train} (BPTT trainer, evaluation).
 * No third-party runtime dependency.
 */
package org.snn4j.core;
