/**
 * Event-driven simulation of spiking networks in the spirit of PyNN and Brian2: {@link
 * org.snn4j.core.sim.Population populations} of neurons with per-neuron state, spike sources
 * ({@link org.snn4j.core.sim.PoissonSource}, {@link org.snn4j.core.sim.SpikeArraySource}) and
 * {@link org.snn4j.core.sim.Projection projections} with connectivity ({@link
 * org.snn4j.core.sim.Connector}), weights, delays in steps and a receptor (excitatory or
 * inhibitory), optionally plastic ({@link org.snn4j.core.sim.Plasticity}).
 *
 * <p>The {@link org.snn4j.core.sim.Simulation} advances all of it on a fixed clock {@code dt}.
 * Neuron state is updated clock-driven (vectorised, {@code kernel.SimKernels}); spikes travel as
 * index lists: each spike adds its weight row into the target's ring buffer slot {@code d} steps
 * ahead (dense rows with the vector kernel, sparse rows by index). Monitors record spikes, state
 * variables (subsampled) and population rates. Everything is seeded and single-threaded, so the
 * same seed gives the same spikes.
 */
package org.snn4j.core.sim;
