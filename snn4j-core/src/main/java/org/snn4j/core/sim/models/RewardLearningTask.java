package org.snn4j.core.sim.models;

import java.util.SplittableRandom;
import org.snn4j.core.sim.PoissonSource;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.neuron.LifCuba;
import org.snn4j.core.sim.plasticity.RewardModulatedStdp;

/**
 * A reward-learning task for {@link RewardModulatedStdp}: {@code inputs} Poisson channels project
 * all-to-all (excitatory, weights {@code U[0.5·wInit, 1.5·wInit)}) onto one current-based LIF
 * neuron (τm 20 ms, τe 5 ms, E_L = V_r = −65 mV, V_t = −50 mV, 2 ms refractory, dt 0.5 ms). Pattern
 * A drives the first half of the channels at {@code highRateHz} and the second half at
 * {@code lowRateHz}; pattern B the reverse. The initial weights make the neuron respond to both.
 * Each trial presents A or B (chosen with probability ½) for {@code trialMs}; the neuron
 * <em>responds</em> if it spikes at least once. After the trial the reward is {@code +1} if it
 * responded to A, {@code −1} if it responded to B and 0 otherwise, held for one step with the
 * inputs silent; then the simulation rests (traces, eligibility and membrane cleared, weights
 * kept). The result lists, per block of {@code blockTrials} trials, the fraction of A trials and
 * of B trials with a response, and the response fractions of a final test with learning off.
 */
public final class RewardLearningTask {
    private RewardLearningTask() {
    }

    /**
     * @param inputs      input channels (≥ 2)
     * @param trials      training trials (≥ 1)
     * @param blockTrials trials per reported block (≥ 1)
     * @param testTrials  test trials of each pattern with learning off (≥ 1)
     * @param trialMs     stimulus duration (ms, &gt; 0)
     * @param rule        the plasticity rule (its bounds should contain the initial weights)
     * @param wInit       mean initial weight (mV of the synaptic jump, &gt; 0)
     * @param highRateHz  rate of a pattern's active channels (Hz, &gt; 0)
     * @param lowRateHz   rate of its other channels (Hz, ≥ 0)
     * @param seed        random seed (patterns, weights, spikes, trial order)
     */
    public record Config(int inputs, int trials, int blockTrials, int testTrials, double trialMs,
                         RewardModulatedStdp rule, double wInit, double highRateHz, double lowRateHz, long seed) {
        /** Checks the values. */
        public Config {
            if (inputs < 2) {
                throw new IllegalArgumentException("the task needs at least 2 inputs, got " + inputs);
            }
            if (trials < 1 || blockTrials < 1 || testTrials < 1) {
                throw new IllegalArgumentException("trials, blockTrials and testTrials must be >= 1, got "
                        + trials + ", " + blockTrials + ", " + testTrials);
            }
            if (!(trialMs > 0) || Double.isInfinite(trialMs)) {
                throw new IllegalArgumentException("trial duration must be a positive number of ms, got " + trialMs);
            }
            if (rule == null) {
                throw new IllegalArgumentException("the task needs a reward-modulated STDP rule");
            }
            if (!(wInit > 0) || Double.isInfinite(wInit)) {
                throw new IllegalArgumentException("initial weight must be positive and finite, got " + wInit);
            }
            if (!(highRateHz > 0) || !(lowRateHz >= 0) || lowRateHz > highRateHz || Double.isInfinite(highRateHz)) {
                throw new IllegalArgumentException("rates need 0 <= low <= high < inf, got low " + lowRateHz + ", high " + highRateHz);
            }
        }

        /**
         * 100 inputs, 300 training trials in blocks of 50, 50 test trials of each pattern, 100 ms
         * trials, 40 Hz / 2 Hz channels, {@code w_init = 1.7 mV}, rule with τ± = 20 ms, A± = 1,
         * τe = 200 ms, η = 0.05, bounds [0, 3] mV.
         */
        public static Config defaults(long seed) {
            RewardModulatedStdp rule = RewardModulatedStdp.builder().tauEligibilityMs(200).learningRate(0.05)
                    .bounds(0, 3).build();
            return new Config(100, 300, 50, 50, 100, rule, 1.7, 40, 2, seed);
        }
    }

    /**
     * @param config        the configuration
     * @param blockResponseA per block, the fraction of A trials with a response (NaN if the block had none)
     * @param blockResponseB per block, the fraction of B trials with a response
     * @param testResponseA  fraction of test A trials with a response (learning off)
     * @param testResponseB  fraction of test B trials with a response
     * @param initialWeights the weights before training (one per input)
     * @param finalWeights   the weights after training
     * @param patternA       the rates of pattern A (Hz per input)
     * @param patternB       the rates of pattern B
     * @param seconds        wall time
     */
    public record Result(Config config, double[] blockResponseA, double[] blockResponseB, double testResponseA,
                         double testResponseB, float[] initialWeights, float[] finalWeights, float[] patternA,
                         float[] patternB, double seconds) {
    }

    /** The simulation step (ms). */
    public static final double DT_MS = 0.5;

    /** Runs the task. */
    public static Result run(Config config) {
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(config.seed());
        int n = config.inputs();
        float[] rateA = new float[n];
        float[] rateB = new float[n];
        for (int i = 0; i < n; i++) {
            boolean first = i < n / 2;
            rateA[i] = (float) (first ? config.highRateHz() : config.lowRateHz());
            rateB[i] = (float) (first ? config.lowRateHz() : config.highRateHz());
        }
        Simulation sim = Simulation.create(DT_MS, rng.nextLong());
        PoissonSource input = sim.poissonSource("input", n, 0);
        Population out = sim.population("out", 1, new LifCuba(20, 5, 10, -65, -50, -65, 2, 1));
        double w = config.wInit();
        Projection proj = sim.connect(input, out).weights(Projection.WeightInit.uniform(0.5 * w, 1.5 * w))
                .plasticity(config.rule()).build();
        RewardModulatedStdp.Learner learner = (RewardModulatedStdp.Learner) proj.plasticityState();
        SpikeMonitor counter = sim.spikeCounter(out);
        float[] initial = proj.weights().clone();
        long trialSteps = Math.round(config.trialMs() / DT_MS);
        int blocks = (config.trials() + config.blockTrials() - 1) / config.blockTrials();
        double[] blockA = new double[blocks];
        double[] blockB = new double[blocks];
        int[] shownA = new int[blocks];
        int[] shownB = new int[blocks];
        for (int t = 0; t < config.trials(); t++) {
            boolean isA = rng.nextBoolean();
            boolean responded = trial(sim, input, counter, isA ? rateA : rateB, trialSteps);
            int b = t / config.blockTrials();
            if (isA) {
                shownA[b]++;
                blockA[b] += responded ? 1 : 0;
            } else {
                shownB[b]++;
                blockB[b] += responded ? 1 : 0;
            }
            learner.setReward(responded ? (isA ? 1 : -1) : 0);
            input.setRate(0);
            sim.run(1);
            learner.setReward(0);
            sim.rest();
        }
        for (int b = 0; b < blocks; b++) {
            blockA[b] = shownA[b] == 0 ? Double.NaN : blockA[b] / shownA[b];
            blockB[b] = shownB[b] == 0 ? Double.NaN : blockB[b] / shownB[b];
        }
        proj.setLearning(false);
        int hitsA = 0;
        int hitsB = 0;
        for (int t = 0; t < config.testTrials(); t++) {
            hitsA += trial(sim, input, counter, rateA, trialSteps) ? 1 : 0;
            sim.rest();
            hitsB += trial(sim, input, counter, rateB, trialSteps) ? 1 : 0;
            sim.rest();
        }
        proj.setLearning(true);
        return new Result(config, blockA, blockB, (double) hitsA / config.testTrials(),
                (double) hitsB / config.testTrials(), initial, proj.weights().clone(), rateA, rateB,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Presents one pattern for {@code steps} steps; true if the output spiked. */
    private static boolean trial(Simulation sim, PoissonSource input, SpikeMonitor counter, float[] rates, long steps) {
        long before = counter.total();
        input.setRates(rates);
        sim.run(steps);
        return counter.total() > before;
    }
}
