/**
 * Workload metrics of snn4j networks with NeuroBench's definitions, so that figures can be set
 * beside published ones: {@link org.snn4j.core.metrics.SynapticOperations synaptic operations}
 * (dense, effective MACs and effective ACs per sample), counted by observing forward passes
 * ({@link org.snn4j.core.network.LayerObserver}) rather than by estimating them; the same figures
 * for a clock-driven {@link org.snn4j.core.sim.Simulation} from spike counts
 * ({@link org.snn4j.core.metrics.SimulationCounter}).
 */
package org.snn4j.core.metrics;
