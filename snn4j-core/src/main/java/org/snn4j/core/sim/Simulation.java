package org.snn4j.core.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.snn4j.core.kernel.SimKernels;

/**
 * A network of populations, sources and projections advanced on a fixed clock of {@link #dtMs()}
 * milliseconds. Each step {@code n} runs, in this order:
 * <ol>
 *   <li>every source and population advances, in creation order: a source produces its spikes for
 *       step {@code n}; a population applies the input that arrives in step {@code n}, integrates
 *       one step, and thresholds and resets ({@link NeuronDynamics#step}) — since every delay is at
 *       least one step, nothing a population reads depends on this order;</li>
 *   <li>every projection delivers its presynaptic spikes of step {@code n} into the ring slot of
 *       step {@code n + delay};</li>
 *   <li>every plastic projection updates traces and weights;</li>
 *   <li>every monitor records.</li>
 * </ol>
 * A projection with delay 1 therefore acts in the next step, which is Brian2's order for a
 * synapse without delay (state update, threshold, propagation, reset).
 *
 * <p>Randomness: one seeded {@link SplittableRandom} is split, in creation order, into a stream
 * for each source and each projection's connectivity and weights, so the same seed and the same
 * construction order give the same network and spikes. A simulation is single-threaded and not
 * thread-safe.
 */
public final class Simulation {
    private final double dtMs;
    private final SplittableRandom root;
    private final SimKernels kernels;
    private final List<SpikeSource> sources = new ArrayList<>();
    private final List<Population> populations = new ArrayList<>();
    private final List<Projection> projections = new ArrayList<>();
    private final List<Projection> plastic = new ArrayList<>();
    private final List<Monitor> monitors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long step;

    private Simulation(double dtMs, long seed, SimKernels kernels) {
        if (!(dtMs > 0) || Double.isInfinite(dtMs)) {
            throw new IllegalArgumentException("time step dt must be a positive number of ms, got " + dtMs);
        }
        this.dtMs = dtMs;
        this.root = new SplittableRandom(seed);
        this.kernels = kernels;
    }

    /** A simulation with step {@code dtMs} milliseconds, seeded, using the default kernels. */
    public static Simulation create(double dtMs, long seed) {
        return new Simulation(dtMs, seed, SimKernels.create());
    }

    /** As {@link #create(double, long)} with the given kernels (e.g. {@link SimKernels#scalar()}). */
    public static Simulation create(double dtMs, long seed, SimKernels kernels) {
        return new Simulation(dtMs, seed, kernels);
    }

    /** The time step in ms. */
    public double dtMs() {
        return dtMs;
    }

    /** The number of steps run so far (the index of the next step). */
    public long step() {
        return step;
    }

    /** Simulated time so far in ms. */
    public double timeMs() {
        return step * dtMs;
    }

    /** The kernels used for neuron updates and delivery. */
    public SimKernels kernels() {
        return kernels;
    }

    SplittableRandom nextRandom() {
        return root.split();
    }

    /** A population of {@code size} neurons of {@code model}, in its resting state. */
    public Population population(String name, int size, NeuronModel model) {
        claim(name);
        Population p = new Population(name, size, model, dtMs);
        populations.add(p);
        sources.add(p);
        return p;
    }

    /** {@code size} independent Poisson trains at {@code rateHz} each (change with {@link PoissonSource#setRates}). */
    public PoissonSource poissonSource(String name, int size, double rateHz) {
        claim(name);
        PoissonSource s = new PoissonSource(name, size, dtMs, nextRandom());
        s.restState(step);
        s.setRate(rateHz);
        sources.add(s);
        return s;
    }

    /**
     * A source replaying the given spikes: channel {@code channel[k]} spikes at {@code timeMs[k]}
     * after now, rounded to the nearest step.
     */
    public SpikeArraySource spikeArraySource(String name, int size, int[] channel, double[] timeMs) {
        claim(name);
        SpikeArraySource s = new SpikeArraySource(name, size);
        setSpikes(s, channel, timeMs);
        sources.add(s);
        return s;
    }

    /** Replaces the pattern of a spike-array source; it starts at the next step. */
    public void setSpikes(SpikeArraySource source, int[] channel, double[] timeMs) {
        if (channel.length != timeMs.length) {
            throw new IllegalArgumentException("spike array '" + source.name() + "': " + channel.length
                    + " channels but " + timeMs.length + " times");
        }
        long[] offsets = new long[timeMs.length];
        for (int k = 0; k < timeMs.length; k++) {
            if (!(timeMs[k] >= 0) || Double.isInfinite(timeMs[k])) {
                throw new IllegalArgumentException("spike array '" + source.name() + "': time " + timeMs[k]
                        + " ms at index " + k + " must be finite and >= 0");
            }
            offsets[k] = Math.round(timeMs[k] / dtMs);
        }
        source.setPattern(channel, offsets, step);
    }

    /** Starts a projection from {@code pre} onto {@code post}; finish it with {@link ProjectionBuilder#build()}. */
    public ProjectionBuilder connect(SpikeSource pre, Population post) {
        if (!sources.contains(pre) || !populations.contains(post)) {
            throw new IllegalArgumentException("connect: both ends must belong to this simulation ('"
                    + pre.name() + "' -> '" + post.name() + "')");
        }
        return new ProjectionBuilder(this, pre, post);
    }

    void add(Projection projection) {
        claim(projection.name());
        Population post = projection.post();
        int needed = projection.maxDelay() + 1;
        if (post.slots() < needed) {
            post.growRings(needed, step);
        }
        projection.bindPlasticity(dtMs);
        projections.add(projection);
        if (projection.plasticity() != null) {
            plastic.add(projection);
        }
    }

    /** Records every spike of {@code source} (events and counts). */
    public SpikeMonitor spikeMonitor(SpikeSource source) {
        return addMonitor(new SpikeMonitor(source, true));
    }

    /** Counts the spikes of each element of {@code source} without storing events. */
    public SpikeMonitor spikeCounter(SpikeSource source) {
        return addMonitor(new SpikeMonitor(source, false));
    }

    /** Records {@code variable} of the given neurons every {@code everySteps} steps. */
    public StateMonitor stateMonitor(Population population, String variable, int[] neurons, int everySteps) {
        return addMonitor(new StateMonitor(population, variable, neurons, everySteps));
    }

    /** Records the population rate of {@code source} in bins of {@code binSteps} steps. */
    public RateMonitor rateMonitor(SpikeSource source, int binSteps) {
        return addMonitor(new RateMonitor(source, binSteps, dtMs));
    }

    /** Adds a monitor of the caller's own. */
    public <M extends Monitor> M addMonitor(M monitor) {
        monitors.add(java.util.Objects.requireNonNull(monitor, "monitor"));
        return monitor;
    }

    /** Removes a monitor (it stops recording). */
    public void removeMonitor(Monitor monitor) {
        monitors.remove(monitor);
    }

    /** The populations, in creation order (unmodifiable). */
    public List<Population> populations() {
        return Collections.unmodifiableList(populations);
    }

    /** The projections, in creation order (unmodifiable). */
    public List<Projection> projections() {
        return Collections.unmodifiableList(projections);
    }

    /**
     * Runs {@code steps} steps.
     *
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public void run(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("number of steps must be >= 0, got " + steps);
        }
        int nSources = sources.size();
        int nProjections = projections.size();
        int nPlastic = plastic.size();
        int nMonitors = monitors.size();
        SpikeSource[] src = sources.toArray(new SpikeSource[0]);
        Projection[] proj = projections.toArray(new Projection[0]);
        Projection[] learn = plastic.toArray(new Projection[0]);
        Monitor[] mon = monitors.toArray(new Monitor[0]);
        long end = step + steps;
        for (long n = step; n < end; n++) {
            for (int k = 0; k < nSources; k++) {
                src[k].advance(n);
            }
            for (int k = 0; k < nProjections; k++) {
                proj[k].touchRows();
            }
            for (int k = 0; k < nProjections; k++) {
                proj[k].deliver(n);
            }
            for (int k = 0; k < nPlastic; k++) {
                learn[k].learn(n);
            }
            for (int k = 0; k < nMonitors; k++) {
                mon[k].record(n);
            }
            step = n + 1;
        }
    }

    /**
     * Runs for {@code ms} milliseconds of simulated time ({@code round(ms / dt)} steps).
     *
     * @throws IllegalArgumentException if {@code ms} is negative or not finite
     */
    public void runFor(double ms) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("duration must be finite and >= 0 ms, got " + ms);
        }
        run(Math.round(ms / dtMs));
    }

    /**
     * Starts a new trial without rebuilding: every population rests ({@link NeuronDynamics#rest()}),
     * pending synaptic input is dropped, sources restart (Poisson trains redraw, spike arrays
     * replay from the next step) and plasticity traces are cleared. Weights, adaptive thresholds
     * and the step counter are kept.
     */
    public void rest() {
        for (SpikeSource s : sources) {
            s.restState(step);
        }
        for (Projection p : projections) {
            p.resetPlasticity();
        }
    }

    private void claim(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("names of populations, sources and projections must not be blank");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("the name '" + name + "' is already used in this simulation");
        }
    }
}
