/**
 * Spiking neuron layers with fused multi-step forward and backward loops over time, on time-major
 * {@code [T, B, N]} flat arrays: {@link org.snn4j.core.neuron.Leaky} (LIF, and IF with β = 1),
 * {@link org.snn4j.core.neuron.Synaptic}, {@link org.snn4j.core.neuron.AdaptiveLeaky} (ALIF) and
 * {@link org.snn4j.core.neuron.RecurrentLeaky} (RLIF) and {@link org.snn4j.core.neuron.RecurrentSynaptic}
 * (recurrent current-based LIF), and the non-spiking {@link org.snn4j.core.neuron.LeakyIntegrator} (LI, CubaLI
 * and I read-outs, whose output is the membrane), each built from a validated spec record
 * ({@link org.snn4j.core.neuron.LifSpec} {@code "lif"}, {@link org.snn4j.core.neuron.IfSpec}
 * {@code "if"}, {@link org.snn4j.core.neuron.SynapticSpec} {@code "synaptic"},
 * {@link org.snn4j.core.neuron.AlifSpec} {@code "alif"}, {@link org.snn4j.core.neuron.RlifSpec}
 * {@code "rlif"}, {@link org.snn4j.core.neuron.RsynSpec} {@code "rsynaptic"},
 * {@link org.snn4j.core.neuron.LiSpec} {@code "li"}).
 *
 * <p>Common conventions: zero initial state each forward; {@code R[t] = S[t−1]}; a neuron spikes
 * when {@code U[t] − θ > 0} (strictly); backward replaces {@code H'} by the layer's
 * {@link org.snn4j.core.neuron.Surrogate}; decay factors β, α are used clamped to [0, 1] with zero
 * gradient outside; trainable β/θ/α follow a {@link org.snn4j.core.neuron.LearnMode}. Parallel
 * loops split lanes in whole sample rows, so outputs and input gradients are identical for any
 * thread count, and parameter gradients are reduced from per-lane partial sums in a fixed order.
 */
package org.snn4j.core.neuron;
