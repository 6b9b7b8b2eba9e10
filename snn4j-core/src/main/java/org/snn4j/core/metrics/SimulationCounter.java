package org.snn4j.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.SpikeSource;

/**
 * Counts what a clock-driven {@link Simulation} does while it runs, with NeuroBench's definitions
 * (those {@link SynapticOperations} and {@link ActivityCounter} apply to networks): it attaches a
 * counting {@link SpikeMonitor} to the presynaptic source of every projection and to every
 * population, and turns the spike counts into operations and activity.
 *
 * <p>Over the {@code steps} steps run between {@link #attach} and {@link #detach} (or now), for a
 * projection {@code p} from source {@code S} with {@code |p|} synapses and
 * {@code nz_p[i]} non-zero weights in the row of presynaptic element {@code i} (read from the
 * weights when the counter is attached):
 * <pre>
 *   dense_p        = |p| · steps                          (every synapse at every step)
 *   effectiveACs_p = Σ_i spikes_S[i] · nz_p[i]            (each spike adds its row's non-zero weights)
 *   effectiveMACs_p = 0                                   (a projection's input is always a spike)
 * </pre>
 * and for a population {@code P} of {@code n_P} neurons, whose dynamics the simulation steps for
 * every neuron at every step (clock-driven):
 * <pre>
 *   rate_P              = spikes_P / (n_P · steps)
 *   membrane updates_P  = n_P · steps                     (= the neuron-steps)
 *   activation sparsity = 1 − Σ_P spikes_P / Σ_P n_P · steps
 * </pre>
 * A spike emitted in the last step before {@link Simulation#rest()} is counted: the projection
 * delivers it in the step it is emitted. Per-sample figures divide by the number of samples the
 * caller presented. Count a phase without plasticity (or attach a new counter after the weights
 * changed): the {@code nz_p} tables are not updated. Not thread-safe, like the simulation.
 */
public final class SimulationCounter {
    private final Simulation simulation;
    private final List<Projection> projections;
    private final List<Population> populations;
    /** Tracked sources (presynaptic sources of the projections, then the remaining populations), no duplicates. */
    private final List<SpikeSource> sources = new ArrayList<>();
    private final List<SpikeMonitor> monitors = new ArrayList<>();
    /** {@code nonZero[p][i]}: non-zero weights in row {@code i} of projection {@code p}. */
    private final int[][] nonZero;
    private final long startStep;
    private long endStep = -1;

    private SimulationCounter(Simulation simulation) {
        this.simulation = simulation;
        this.projections = List.copyOf(simulation.projections());
        this.populations = List.copyOf(simulation.populations());
        nonZero = new int[projections.size()][];
        for (int p = 0; p < projections.size(); p++) {
            Projection proj = projections.get(p);
            track(proj.pre());
            int[] rowPtr = proj.rowPtr();
            float[] w = proj.weights();
            int[] nz = new int[proj.pre().size()];
            for (int i = 0; i < nz.length; i++) {
                for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                    nz[i] += w[k] != 0f ? 1 : 0;
                }
            }
            nonZero[p] = nz;
        }
        for (Population pop : populations) {
            track(pop);
        }
        startStep = simulation.step();
    }

    private void track(SpikeSource source) {
        if (indexOf(source) < 0) {
            sources.add(source);
            monitors.add(simulation.spikeCounter(source));
        }
    }

    private int indexOf(SpikeSource source) {
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k) == source) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Builds a counter for {@code simulation}'s current projections, populations and weights and
     * attaches its spike counters; counting starts at the simulation's next step.
     */
    public static SimulationCounter attach(Simulation simulation) {
        return new SimulationCounter(Objects.requireNonNull(simulation, "simulation"));
    }

    /** Removes the spike counters from the simulation: counting stops (calling it again does nothing). */
    public void detach() {
        if (endStep < 0) {
            endStep = simulation.step();
            monitors.forEach(simulation::removeMonitor);
        }
    }

    /** Steps counted: from attaching to detaching (or to now while attached). */
    public long steps() {
        return (endStep < 0 ? simulation.step() : endStep) - startStep;
    }

    /**
     * Spikes of each element of {@code source} counted so far (a copy).
     *
     * @throws IllegalArgumentException if {@code source} is neither a projection's source nor a population
     */
    public int[] spikeCounts(SpikeSource source) {
        return monitor(source).counts().clone();
    }

    /** All spikes of {@code source} counted so far (see {@link #spikeCounts}). */
    public long spikes(SpikeSource source) {
        return monitor(source).total();
    }

    private SpikeMonitor monitor(SpikeSource source) {
        int k = indexOf(source);
        if (k < 0) {
            throw new IllegalArgumentException("'" + (source == null ? null : source.name())
                    + "' is not counted: only the sources of projections and the populations are");
        }
        return monitors.get(k);
    }

    /**
     * Operations per sample, one entry per projection in creation order: index {@code layerIndex}
     * in {@link Simulation#projections()}, {@code type} the projection's name.
     *
     * @param samples samples presented while counting, ≥ 1
     */
    public List<SynapticOperations.LayerOperations> operationsPerProjection(long samples) {
        double n = checkSamples(samples);
        long steps = steps();
        List<SynapticOperations.LayerOperations> list = new ArrayList<>();
        for (int p = 0; p < projections.size(); p++) {
            Projection proj = projections.get(p);
            int[] counts = monitor(proj.pre()).counts();
            int[] nz = nonZero[p];
            long acs = 0;
            for (int i = 0; i < nz.length; i++) {
                acs += (long) counts[i] * nz[i];
            }
            double dense = (double) proj.synapseCount() * steps;
            list.add(new SynapticOperations.LayerOperations(p, proj.name(), new OperationCounts(dense / n, 0, acs / n)));
        }
        return list;
    }

    /** Operations per sample summed over the projections (see {@link #operationsPerProjection}). */
    public OperationCounts operationsPerSample(long samples) {
        double dense = 0;
        double acs = 0;
        for (SynapticOperations.LayerOperations l : operationsPerProjection(samples)) {
            dense += l.counts().dense();
            acs += l.counts().effectiveAcs();
        }
        return new OperationCounts(dense, 0, acs);
    }

    /**
     * Activity per population in creation order: index {@code layerIndex} in
     * {@link Simulation#populations()}, {@code type} "name (model)", spiking, the rate and
     * {@code n_P · steps / samples} membrane updates.
     *
     * @param samples samples presented while counting, ≥ 1
     */
    public List<ActivityCounter.LayerActivity> activityPerPopulation(long samples) {
        double n = checkSamples(samples);
        long steps = steps();
        List<ActivityCounter.LayerActivity> list = new ArrayList<>();
        for (int k = 0; k < populations.size(); k++) {
            Population pop = populations.get(k);
            double neuronSteps = (double) pop.size() * steps;
            list.add(new ActivityCounter.LayerActivity(k, pop.name() + " (" + pop.model().name() + ")", pop.size(), true,
                    steps == 0 ? Double.NaN : spikes(pop) / neuronSteps, neuronSteps / n));
        }
        return list;
    }

    /** {@code 1 − Σ_P spikes_P / Σ_P n_P · steps} over all populations; NaN before any step. */
    public double activationSparsity() {
        double neuronSteps = 0;
        double spikes = 0;
        for (Population pop : populations) {
            neuronSteps += (double) pop.size() * steps();
            spikes += spikes(pop);
        }
        return neuronSteps == 0 ? Double.NaN : 1 - spikes / neuronSteps;
    }

    /** {@code Σ_P n_P · steps / samples}: the neurons a clock-driven simulation updates per sample. */
    public double neuronStepsPerSample(long samples) {
        double n = checkSamples(samples);
        double neuronSteps = 0;
        for (Population pop : populations) {
            neuronSteps += (double) pop.size() * steps();
        }
        return neuronSteps / n;
    }

    private static double checkSamples(long samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        return samples;
    }
}
