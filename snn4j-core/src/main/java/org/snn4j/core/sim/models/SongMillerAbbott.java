package org.snn4j.core.sim.models;

import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.NeuronModel;
import org.snn4j.core.sim.PoissonSource;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.neuron.LifCoba;
import org.snn4j.core.sim.neuron.LifCuba;
import org.snn4j.core.sim.plasticity.PairStdp;

/**
 * Song, Miller &amp; Abbott (2000): {@code N} independent Poisson inputs at {@code F} Hz onto one
 * integrate-and-fire neuron through all-to-all synapses with additive STDP
 * ({@link PairStdp#songMillerAbbott}: τ± = 20 ms, A+ = 0.01·gmax, A− = 1.05·A+, hard bounds
 * {@code [0, gmax]}); initial weights {@code U[0, gmax)}. Competition between the synapses drives
 * the weights towards the bounds: the final distribution is bimodal, most weights near 0 or near
 * gmax.
 *
 * <p>Two neuron variants ({@link Synapse}): {@link Synapse#LINEARISED} is Brian2's example
 * ({@code τm dv/dt = g_e·(E_e − V_r) + E_L − v}, a current-based neuron with the driving force fixed
 * at {@code E_e − V_r = 60 mV}, simulated as {@link LifCuba} with weights in mV:
 * {@code w_mV = 60 mV · w}); {@link Synapse#CONDUCTANCE} is the paper's conductance-based synapse
 * ({@code g_e·(E_e − v)}, {@link LifCoba#songMillerAbbott()}). Neuron: τm 10 ms, τe 5 ms,
 * E_L −74 mV, V_t −54 mV, V_r −60 mV, no refractory period; {@code dt} 0.1 ms; delay one step.
 */
public final class SongMillerAbbott {
    private SongMillerAbbott() {
    }

    /** The synapse model of the postsynaptic neuron. */
    public enum Synapse {
        /** Brian2's example: driving force fixed at 60 mV (current-based). */
        LINEARISED,
        /** The paper's conductance-based synapse, driving force {@code E_e − v}. */
        CONDUCTANCE
    }

    /**
     * @param inputs     Poisson inputs (≥ 1)
     * @param rateHz     input rate (Hz, &gt; 0)
     * @param gmax       maximal weight, dimensionless (&gt; 0)
     * @param durationMs simulated time (ms, &gt; 0)
     * @param dtMs       time step (ms, &gt; 0)
     * @param synapse    neuron variant
     * @param seed       random seed
     */
    public record Config(int inputs, double rateHz, double gmax, double durationMs, double dtMs, Synapse synapse,
                         long seed) {
        /** Checks the values. */
        public Config {
            if (inputs < 1 || inputs > 10_000_000) {
                throw new IllegalArgumentException("inputs must be between 1 and 1e7, got " + inputs);
            }
            if (!(rateHz > 0) || rateHz > 1e4) {
                throw new IllegalArgumentException("input rate must be in (0, 10000] Hz, got " + rateHz);
            }
            if (!(gmax > 0) || Double.isInfinite(gmax)) {
                throw new IllegalArgumentException("gmax must be positive and finite, got " + gmax);
            }
            if (!(durationMs > 0) || Double.isInfinite(durationMs)) {
                throw new IllegalArgumentException("duration must be a positive number of ms, got " + durationMs);
            }
            if (!(dtMs > 0) || dtMs > 10) {
                throw new IllegalArgumentException("dt must be in (0, 10] ms, got " + dtMs);
            }
            if (synapse == null) {
                throw new IllegalArgumentException("synapse variant must be given");
            }
        }

        /** Brian2's example: 1 000 inputs at 15 Hz, gmax 0.01, 100 s at 0.1 ms, linearised synapse. */
        public static Config brian2Example(long seed) {
            return new Config(1000, 15, 0.01, 100_000, 0.1, Synapse.LINEARISED, seed);
        }
    }

    /**
     * @param config           the configuration
     * @param buildSeconds     wall time to build the network
     * @param runSeconds       wall time of the simulation loop
     * @param inputSpikes      spikes of all inputs
     * @param outputSpikes     spikes of the neuron
     * @param outputRateHz     the neuron's mean rate
     * @param initialWeights   weights / gmax at the start, one per input
     * @param finalWeights     weights / gmax at the end
     * @param deciles          final weights per tenth of {@code [0, gmax]} (the last includes gmax)
     * @param outputRateBins   the neuron's rate in 1 s bins (Hz)
     */
    public record Result(Config config, double buildSeconds, double runSeconds, long inputSpikes, long outputSpikes,
                         double outputRateHz, double[] initialWeights, double[] finalWeights, int[] deciles,
                         double[] outputRateBins) {

        /** Fraction of final weights below 0.1·gmax. */
        public double nearZero() {
            return deciles[0] / (double) finalWeights.length;
        }

        /** Fraction of final weights at or above 0.9·gmax. */
        public double nearMax() {
            return deciles[9] / (double) finalWeights.length;
        }

        /**
         * The final distribution is bimodal in the sense of Song et al.: the two outer deciles
         * ({@code [0, 0.1·gmax)} and {@code [0.9·gmax, gmax]}) each hold more weights than any decile
         * in between. (The initial uniform distribution holds about a tenth in each.)
         */
        public boolean bimodal() {
            int inner = 0;
            for (int d = 1; d < 9; d++) {
                inner = Math.max(inner, deciles[d]);
            }
            return deciles[0] > inner && deciles[9] > inner;
        }
    }

    /** Builds and runs the network. */
    public static Result run(Config config) {
        long t0 = System.nanoTime();
        Simulation sim = Simulation.create(config.dtMs(), config.seed());
        PoissonSource input = sim.poissonSource("input", config.inputs(), config.rateHz());
        double scale;
        NeuronModel model;
        if (config.synapse() == Synapse.LINEARISED) {
            model = LifCuba.songMillerAbbott();
            scale = 0 - -60;                                    // E_e − V_r in mV
        } else {
            model = LifCoba.songMillerAbbott();
            scale = 1;
        }
        Population neuron = sim.population("neuron", 1, model);
        double wMax = config.gmax() * scale;
        Projection synapses = sim.connect(input, neuron)
                .weights(Projection.WeightInit.uniform(0, wMax))
                .delay(1)
                .plasticity(PairStdp.songMillerAbbott(wMax))
                .build();
        double[] initial = normalised(synapses.weights(), wMax);
        SpikeMonitor inputCount = sim.spikeCounter(input);
        SpikeMonitor out = sim.spikeMonitor(neuron);
        long t1 = System.nanoTime();
        sim.runFor(config.durationMs());
        long t2 = System.nanoTime();
        double[] fin = normalised(synapses.weights(), wMax);
        int[] deciles = new int[10];
        for (double w : fin) {
            deciles[(int) Math.max(0, Math.min(9, Math.floor(w * 10)))]++;
        }
        double seconds = config.durationMs() / 1000.0;
        int bins = (int) Math.max(1, Math.floor(seconds));
        double[] rate = new double[bins];
        long stepsPerBin = Math.round(config.durationMs() / bins / config.dtMs());
        for (long s : out.eventSteps()) {
            rate[(int) Math.min(bins - 1, s / stepsPerBin)] += 1.0 / (stepsPerBin * config.dtMs() / 1000.0);
        }
        return new Result(config, (t1 - t0) / 1e9, (t2 - t1) / 1e9, inputCount.total(), out.total(),
                out.total() / seconds, initial, fin, deciles, rate);
    }

    /** Weights / gmax, relative to gmax as the float the rule clips to, so that gmax maps to exactly 1. */
    private static double[] normalised(float[] w, double wMax) {
        double bound = (float) wMax;
        double[] r = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            r[i] = w[i] / bound;
        }
        return r;
    }
}
