package org.snn4j.core.sim.models;

import java.util.SplittableRandom;
import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Receptor;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.neuron.LifCuba;

/**
 * The CUBA network of Vogels &amp; Abbott (2005), as in Brian2's example: {@code N} current-based
 * LIF neurons ({@link LifCuba#vogelsAbbott()}), 80 % excitatory and 20 % inhibitory, every
 * ordered pair (self pairs included) connected independently with probability
 * {@code p = fanIn / N} ({@code 80 / 4000 = 0.02} at the original size), excitatory weight
 * {@code w_e = 1.62 mV}, inhibitory {@code w_i = 9 mV} (Brian2's {@code −9 mV}), no delay beyond
 * the one step of propagation, initial {@code v ~ U[V_r, V_t)}, {@code dt = 0.1 ms}. Scaling
 * {@code N} at fixed {@code fanIn} keeps each neuron's expected input the same.
 */
public final class CubaNetwork {
    private CubaNetwork() {
    }

    /**
     * @param neurons    total neurons (≥ 10)
     * @param fanIn      expected synapses onto each neuron (&gt; 0, ≤ neurons)
     * @param durationMs simulated time (ms, &gt; 0)
     * @param dtMs       time step (ms, &gt; 0)
     * @param seed       random seed
     */
    public record Config(int neurons, double fanIn, double durationMs, double dtMs, long seed) {
        /** Checks the values. */
        public Config {
            if (neurons < 10) {
                throw new IllegalArgumentException("CUBA needs at least 10 neurons, got " + neurons);
            }
            if (!(fanIn > 0) || fanIn > neurons) {
                throw new IllegalArgumentException("fan-in must be in (0, " + neurons + "], got " + fanIn);
            }
            if (!(durationMs > 0) || Double.isInfinite(durationMs)) {
                throw new IllegalArgumentException("duration must be a positive number of ms, got " + durationMs);
            }
            if (!(dtMs > 0) || dtMs > 10) {
                throw new IllegalArgumentException("dt must be in (0, 10] ms, got " + dtMs);
            }
        }

        /** Vogels &amp; Abbott's original: 4 000 neurons, fan-in 80, 10 s at 0.1 ms. */
        public static Config original(long seed) {
            return new Config(4000, 80, 10_000, 0.1, seed);
        }
    }

    /**
     * @param config       the configuration
     * @param synapses     synapses built
     * @param buildSeconds wall time to build the network
     * @param runSeconds   wall time of the simulation loop only (as Brian2 reports its loop time)
     * @param spikes       all spikes
     * @param meanRateHz   spikes / (neurons · duration)
     * @param cvIsi        mean coefficient of variation of inter-spike intervals ({@link SpikeStatistics#meanIsiCv})
     * @param spikeSteps   step of every spike (for a raster)
     * @param spikeNeurons neuron of every spike (excitatory 0 … 0.8N−1, then inhibitory)
     */
    public record Result(Config config, long synapses, double buildSeconds, double runSeconds, long spikes,
                         double meanRateHz, double cvIsi, long[] spikeSteps, int[] spikeNeurons) {
    }

    /** Builds and runs the network. */
    public static Result run(Config config) {
        long t0 = System.nanoTime();
        Simulation sim = Simulation.create(config.dtMs(), config.seed());
        LifCuba model = LifCuba.vogelsAbbott();
        int nExc = Math.round(config.neurons() * 0.8f);
        int nInh = config.neurons() - nExc;
        Population exc = sim.population("exc", nExc, model);
        Population inh = sim.population("inh", nInh, model);
        double p = config.fanIn() / config.neurons();
        long synapses = 0;
        for (Population pre : new Population[] {exc, inh}) {
            for (Population post : new Population[] {exc, inh}) {
                boolean excitatory = pre == exc;
                synapses += sim.connect(pre, post)
                        .connector(Connector.fixedProbability(p, Connector.Diagonal.INCLUDE))
                        .receptor(excitatory ? Receptor.EXCITATORY : Receptor.INHIBITORY)
                        .weight(excitatory ? 1.62 : 9.0)
                        .delay(1)
                        .build().synapseCount();
            }
        }
        SplittableRandom init = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        for (Population pop : new Population[] {exc, inh}) {
            float[] v = pop.variable("v");
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (model.vReset() + init.nextDouble() * (model.vThreshold() - model.vReset()));
            }
        }
        SpikeMonitor me = sim.spikeMonitor(exc);
        SpikeMonitor mi = sim.spikeMonitor(inh);
        long t1 = System.nanoTime();
        sim.runFor(config.durationMs());
        long t2 = System.nanoTime();
        long[] se = me.eventSteps();
        int[] ne = me.eventIndices();
        long[] si = mi.eventSteps();
        int[] ni = mi.eventIndices();
        long[] steps = new long[se.length + si.length];
        int[] neurons = new int[steps.length];
        int a = 0;
        int b = 0;
        for (int k = 0; k < steps.length; k++) {       // merge by step, excitatory first within a step
            if (b >= si.length || (a < se.length && se[a] <= si[b])) {
                steps[k] = se[a];
                neurons[k] = ne[a++];
            } else {
                steps[k] = si[b];
                neurons[k] = nExc + ni[b++];
            }
        }
        long spikes = steps.length;
        double rate = spikes / (config.neurons() * config.durationMs() / 1000.0);
        return new Result(config, synapses, (t1 - t0) / 1e9, (t2 - t1) / 1e9, spikes, rate,
                SpikeStatistics.meanIsiCv(steps, neurons, config.neurons()), steps, neurons);
    }
}
