package org.snn4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.metrics.ActivityCounter;
import org.snn4j.core.metrics.EnergyModel;
import org.snn4j.core.metrics.OperationCounts;
import org.snn4j.core.metrics.SimulationCounter;
import org.snn4j.core.metrics.WorkloadMetrics;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.models.DiehlCook;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.HeapProbe;

/**
 * The {@code stdp} entry of {@code snn4j bench suite}: runs Diehl &amp; Cook's network through
 * {@link StdpJob} (train → label → test) and measures the test pass with NeuroBench's definitions,
 * from counts taken while it runs ({@link SimulationCounter}), into a {@link ModelBenchmark.Result}.
 *
 * <p>With {@code N} excitatory (= inhibitory) neurons, {@code I} inputs, {@code T} steps per image
 * and {@code S} test images presented for {@code P} presentations ({@code P = S} unless the
 * fewer-than-{@code min-spikes} rule repeated some), per test image:
 * <pre>
 *   dense synops     = (I·N + N + N·(N−1)) · T · P/S      (input→exc, exc→inh one-to-one, inh→exc all but self)
 *   effective ACs    = Σ input spikes × non-zero weights of the spiking input's row
 *                      + exc spikes × 1 + inh spikes × (N−1);   effective MACs = 0 (every input is a spike)
 *   membrane updates = neuron-steps = 2N · T · P/S          (clock-driven: every neuron updated every step)
 *   activation sparsity = 1 − (exc + inh spikes) / (2N · T · P)
 *   footprint        = 4 bytes × (I·N input weights + N thresholds θ + N class labels)
 *   connection sparsity = zero input weights / (I·N)
 *   ANN-equivalent energy = one step's dense operations × e_MAC
 * </pre>
 * The fixed exc→inh and inh→exc weights are one scalar each (like a layer's fixed constants), so
 * they count neither in the footprint nor in the connection sparsity. Throughput is the test
 * pass's images per second (counters attached, their cost is a few array increments per spike)
 * and the peak heap is {@link HeapProbe}'s around the test pass. The raster is test image 0's
 * (last) presentation.
 */
final class StdpBenchmark {
    /** The learning family of every STDP entry. */
    static final String FAMILY = "unsupervised STDP";

    private StdpBenchmark() {
    }

    /**
     * Learns and measures one {@code stdp} entry.
     *
     * @param train the suite's training set (after {@code --limit-train}): caps {@code train} and {@code label}
     * @param test  the suite's test set (after {@code --limit-test}), all of it tested
     * @param out   progress lines
     */
    static ModelBenchmark.Result measure(String name, Suite.Stdp entry, Dataset train, Dataset test, long seed,
                                         EnergyModel energy, PrintWriter out) {
        StdpJob.Settings defaults = StdpJob.Settings.defaults();
        StdpJob.Settings settings = defaults.with(entry.neurons(), entry.steps() != null ? entry.steps() : defaults.steps(), seed);
        int nTrain = entry.train() == null ? train.size() : Math.min(entry.train(), train.size());
        int nLabel = entry.label() == null ? StdpJob.defaultLabelImages(train.size()) : Math.min(entry.label(), train.size());
        int nTest = test.size();
        int inputs = train.sampleShape().size();
        DiehlCook.Config config = settings.config(inputs);
        out.printf(Locale.ROOT, "%s: Diehl & Cook, %d excitatory neurons, %d steps/image; %d train / %d label / %d test images%n",
                name, config.excitatory(), config.stepsPerSample(), nTrain, nLabel, nTest);
        out.flush();
        RasterRecorder raster = new RasterRecorder(config.stepsPerSample());
        DiehlCook.Progress lines = new StdpCommand.Lines(out);
        DiehlCook.Progress progress = (phase, done, total, seconds) -> {
            lines.update(phase, done, total, seconds);
            if (phase == DiehlCook.Phase.TEST && done == 1) {
                raster.capture();
            }
        };
        SimulationCounter[] counter = new SimulationCounter[1];
        HeapProbe.Result[] heap = new HeapProbe.Result[1];
        StdpJob.Result run = StdpJob.run(config, settings.window(), train, nTrain, nLabel, test, nTest, progress,
                (net, testPass) -> {
                    DiehlCook.Evaluation[] eval = new DiehlCook.Evaluation[1];
                    raster.attach(net);
                    counter[0] = SimulationCounter.attach(net.simulation());
                    try {
                        heap[0] = HeapProbe.measure(() -> eval[0] = testPass.get());
                    } finally {
                        counter[0].detach();
                        raster.detach();
                    }
                    return eval[0];
                });
        DiehlCook.Evaluation e = run.evaluation();
        out.printf(Locale.ROOT, "%s: test pass %d images, %d presentations repeated (fewer than %d excitatory spikes), "
                + "%.1f images/s%n", name, e.samples(), e.retries(), config.minSpikes(), e.samplesPerSecond());
        out.flush();
        return result(name, run, counter[0], heap[0], raster.raster(), test.name(), energy);
    }

    private static ModelBenchmark.Result result(String name, StdpJob.Result run, SimulationCounter counter, HeapProbe.Result heap,
                                                ModelBenchmark.Raster raster, String dataset, EnergyModel energy) {
        DiehlCook net = run.network();
        DiehlCook.Config c = net.config();
        DiehlCook.Evaluation e = run.evaluation();
        int n = c.excitatory();
        int steps = c.stepsPerSample();
        int samples = e.samples();
        double outputRate = counter.spikes(net.excitatory()) / ((double) n * counter.steps());
        Evaluation evaluation = new Evaluation(samples, e.allActivityAccuracy(), Double.NaN, e.allActivityConfusion(),
                outputRate, e.seconds(), e.samplesPerSecond());
        OperationCounts ops = counter.operationsPerSample(samples);
        List<ActivityCounter.LayerActivity> activity = counter.activityPerPopulation(samples);
        double membraneUpdates = activity.stream().mapToDouble(ActivityCounter.LayerActivity::membraneUpdatesPerSample).sum();
        float[] w = net.inputWeights();
        long zeros = 0;
        for (float v : w) {
            zeros += v == 0f ? 1 : 0;
        }
        long footprint = Float.BYTES * ((long) w.length + net.theta().length + run.assignment().classOf().length);
        // steps per test image: T, plus T for every repeated presentation
        double stepsPerSample = counter.steps() / (double) samples;
        double annEquivalent = ops.dense() / stepsPerSample * energy.picojoulesPerMac();
        WorkloadMetrics metrics = new WorkloadMetrics(evaluation, steps, ops, counter.operationsPerProjection(samples),
                counter.activationSparsity(), activity, membraneUpdates, counter.neuronStepsPerSample(samples), footprint,
                zeros / (double) w.length, energy, energy.picojoules(ops), annEquivalent, e.samplesPerSecond(), heap.peakBytes(),
                samples);
        ModelBenchmark.Description description = new ModelBenchmark.Description(String.format(Locale.ROOT,
                "Diehl & Cook: %d Poisson inputs → %d adaptive-threshold LIF (excitatory) ⇄ %d inhibitory", c.inputSize(), n, n),
                "poisson", "all-activity vote", steps);
        ModelBenchmark.Sweep sweep = new ModelBenchmark.Sweep(new int[] {steps}, new double[] {e.allActivityAccuracy()},
                new OperationCounts[] {ops});
        return new ModelBenchmark.Result(name, FAMILY, description, dataset, metrics, sweep, raster, List.of(),
                run.training().seconds() + run.assignment().seconds());
    }

    /**
     * Records the spikes of both populations during the test pass until {@link #capture()} (called
     * once test image 0 is done) keeps the last {@code T} steps, its final presentation.
     */
    private static final class RasterRecorder {
        private final int steps;
        private Simulation sim;
        private Population[] populations;
        private SpikeMonitor[] monitors;
        private ModelBenchmark.Raster raster;

        RasterRecorder(int steps) {
            this.steps = steps;
        }

        void attach(DiehlCook net) {
            sim = net.simulation();
            populations = new Population[] {net.excitatory(), net.inhibitory()};
            monitors = new SpikeMonitor[populations.length];
            for (int k = 0; k < populations.length; k++) {
                monitors[k] = sim.spikeMonitor(populations[k]);
            }
        }

        void capture() {
            if (monitors == null || raster != null) {
                return;
            }
            long from = sim.step() - steps;
            List<Integer> neuron = new ArrayList<>();
            List<Double> step = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int[] shown = new int[populations.length];
            int[] firstRow = new int[populations.length];
            int row = 0;
            for (int k = 0; k < populations.length; k++) {
                long[] at = monitors[k].eventSteps();
                int[] who = monitors[k].eventIndices();
                int[] count = new int[populations[k].size()];
                for (int s = 0; s < at.length; s++) {
                    if (at[s] >= from) {
                        count[who[s]]++;
                    }
                }
                int[] chosen = ModelBenchmark.mostActive(count, ModelBenchmark.RASTER_NEURONS_PER_LAYER);
                int[] rowOf = new int[count.length];
                java.util.Arrays.fill(rowOf, -1);
                for (int r = 0; r < chosen.length; r++) {
                    rowOf[chosen[r]] = row + r;
                }
                for (int s = 0; s < at.length; s++) {
                    if (at[s] >= from && rowOf[who[s]] >= 0) {
                        neuron.add(rowOf[who[s]]);
                        step.add((double) (at[s] - from));
                    }
                }
                names.add(populations[k].name() + "[" + populations[k].size() + "]");
                shown[k] = chosen.length;
                firstRow[k] = row;
                row += chosen.length;
            }
            raster = new ModelBenchmark.Raster(neuron.stream().mapToInt(Integer::intValue).toArray(),
                    step.stream().mapToDouble(Double::doubleValue).toArray(), row, steps, names, shown, firstRow);
            detach();
        }

        void detach() {
            if (monitors != null) {
                for (SpikeMonitor m : monitors) {
                    sim.removeMonitor(m);
                }
                monitors = null;
            }
        }

        ModelBenchmark.Raster raster() {
            return raster;
        }
    }
}
