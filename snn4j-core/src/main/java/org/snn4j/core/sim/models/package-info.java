/**
 * Reproductions of classic simulation and plasticity studies on the simulation engine, each a
 * configuration record, a builder of the network and a result record with the figures the CLI
 * reports: {@link org.snn4j.core.sim.models.CubaNetwork} (Vogels &amp; Abbott 2005),
 * {@link org.snn4j.core.sim.models.RewardLearningTask} (reward-modulated STDP learns to respond to
 * one of two input patterns).
 */
package org.snn4j.core.sim.models;
