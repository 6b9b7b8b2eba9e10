/**
 * Synaptic plasticity rules for the simulation engine ({@link org.snn4j.core.sim.Plasticity}):
 * trace-based pair STDP ({@link org.snn4j.core.sim.plasticity.PairStdp}, Song/Miller/Abbott and
 * BindsNET/Diehl &amp; Cook conventions). Rules are immutable, validated
 * records; {@code bind} creates the per-projection traces, which the simulation steps once per
 * step after all spikes of the step are known. Traces decay exactly ({@code x ← x·e^{−dt/τ}}) each
 * step; weight updates touch only the synapses of spiking elements.
 */
package org.snn4j.core.sim.plasticity;
