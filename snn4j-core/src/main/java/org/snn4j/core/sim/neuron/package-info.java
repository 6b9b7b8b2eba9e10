/**
 * Neuron models for the simulation engine ({@link org.snn4j.core.sim.NeuronModel}): each a
 * validated parameter record whose Javadoc states the equations, the units and whether the step is
 * exact (linear models, by their propagators) or forward Euler (nonlinear models).
 */
package org.snn4j.core.sim.neuron;
