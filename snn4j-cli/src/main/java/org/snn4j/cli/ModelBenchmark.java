package org.snn4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.encode.Encoders;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.loss.Losses;
import org.snn4j.core.metrics.EnergyModel;
import org.snn4j.core.metrics.OperationCounts;
import org.snn4j.core.metrics.SynapticOperations;
import org.snn4j.core.metrics.WorkloadMetrics;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Monitor;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.SpikingLayer;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.core.train.TrainingListener;

/**
 * Everything {@code snn4j report} and {@code snn4j bench suite} measure for one model on one test
 * set: the {@link WorkloadMetrics} at the model's own T, accuracy and synaptic operations at other
 * numbers of steps (each a full evaluation with that T), and the spikes of one test sample.
 */
final class ModelBenchmark {
    /** Most neurons of one layer shown in the raster: the layer's most active ones in the sample. */
    static final int RASTER_NEURONS_PER_LAYER = 128;

    private ModelBenchmark() {
    }

    /**
     * How to measure.
     *
     * @param sweepSteps   numbers of steps to evaluate besides the model's own, or null for the default
     *                     ({@link #defaultSweep})
     * @param batch        evaluation batch (cut so that T·B ≤ {@link EvalCommand#MAX_ROWS})
     * @param timedSamples samples of the timed pass (capped at the test set's size)
     * @param energy       operation costs
     */
    record Options(int[] sweepSteps, int batch, int timedSamples, EnergyModel energy) {
    }

    /** Accuracy and operations per sample at each number of steps, increasing. */
    record Sweep(int[] steps, double[] accuracy, OperationCounts[] operations) {
    }

    /**
     * Spikes of one test sample: spike {@code k} is row {@code neuron[k]} at step {@code step[k]}.
     * Layers are stacked in network order, layer {@code l} from row {@code firstRow[l]} with its
     * {@code shown[l]} most active neurons in this sample (at most {@link #RASTER_NEURONS_PER_LAYER},
     * in neuron order; silent neurons only where fewer spiked).
     */
    record Raster(int[] neuron, double[] step, int neurons, int steps, List<String> layers, int[] shown, int[] firstRow) {
    }

    /**
     * One model's figures.
     *
     * @param epochs       the training run's epochs, empty when the model was not trained in this run
     * @param trainSeconds wall time of the training, NaN when not trained in this run
     * @param raster       null for a network without spiking layers
     */
    record Result(String name, String family, Description model, String dataset, WorkloadMetrics metrics, Sweep sweep,
                  Raster raster, List<TrainingListener.EpochReport> epochs, double trainSeconds) {
    }

    /**
     * What the report says about a model.
     *
     * @param network the architecture as text
     * @param encoder input encoding
     * @param readout how the prediction is read out (the loss name for trained models)
     * @param steps   T
     */
    record Description(String network, String encoder, String readout, int steps) {
        static Description of(Model m) {
            return new Description(m.network().toString(), m.encoder(), m.loss(), m.steps());
        }
    }

    /** Powers of two below T, then T: T = 25 → 1, 2, 4, 8, 16, 25. */
    static int[] defaultSweep(int steps) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int t = 1; t < steps; t *= 2) {
            s.add(t);
        }
        s.add(steps);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The learning family a model belongs to, from its layers and provenance. */
    static String family(Model model) {
        if (model.provenance().config().containsKey("converted_from")) {
            return "ANN→SNN conversion";
        }
        boolean spiking = model.network().layers().stream().anyMatch(l -> l instanceof SpikingLayer sl && sl.emitsSpikes());
        return spiking ? "surrogate-gradient BPTT" : "ANN (no spiking layer)";
    }

    static Result measure(String name, Model model, Dataset test, Options o, Kernels kernels,
                          List<TrainingListener.EpochReport> epochs, double trainSeconds) {
        Network net = model.network();
        Encoder encoder = Encoders.byName(model.encoder());
        Loss loss = Losses.byName(model.loss());
        long seed = model.provenance().seed();
        int steps = model.steps();
        WorkloadMetrics metrics = WorkloadMetrics.measure(net, test, encoder, loss, steps, EvalCommand.batchFor(steps, o.batch()),
                seed, kernels, o.energy(), Math.min(o.timedSamples(), test.size()));
        TreeSet<Integer> all = new TreeSet<>();
        for (int t : o.sweepSteps() != null ? o.sweepSteps() : defaultSweep(steps)) {
            all.add(t);
        }
        all.add(steps);
        int[] sweepSteps = all.stream().mapToInt(Integer::intValue).toArray();
        double[] acc = new double[sweepSteps.length];
        OperationCounts[] ops = new OperationCounts[sweepSteps.length];
        for (int k = 0; k < sweepSteps.length; k++) {
            int t = sweepSteps[k];
            if (t == steps) {
                acc[k] = metrics.evaluation().accuracy();
                ops[k] = metrics.synapticOperations();
                continue;
            }
            SynapticOperations counter = SynapticOperations.attach(net);
            try {
                Evaluation e = Evaluator.evaluate(net, test, encoder, loss, t, EvalCommand.batchFor(t, o.batch()), seed, kernels);
                acc[k] = e.accuracy();
            } finally {
                net.removeObserver(counter);
            }
            ops[k] = counter.perSample();
        }
        return new Result(name, family(model), Description.of(model), test.name(), metrics, new Sweep(sweepSteps, acc, ops),
                raster(model, test, encoder, kernels), epochs, trainSeconds);
    }

    /** The spikes of every spiking layer for test sample 0 at the model's T, or null without spiking layers. */
    static Raster raster(Model model, Dataset test, Encoder encoder, Kernels kernels) {
        Network net = model.network();
        List<Monitor> monitors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            if (l instanceof SpikingLayer sl && sl.emitsSpikes()) {
                monitors.add(net.monitor(i));
                names.add(i + " " + l.spec().type() + l.outputShape());
            }
        }
        if (monitors.isEmpty()) {
            return null;
        }
        try {
            float[] x = new float[test.sampleShape().size()];
            test.copyFeatures(0, x, 0);
            Evaluator.forward(net, x, 1, encoder, model.steps(), model.provenance().seed(), kernels);
            List<Integer> neuron = new ArrayList<>();
            List<Double> step = new ArrayList<>();
            int[] shown = new int[monitors.size()];
            int[] firstRow = new int[monitors.size()];
            int row = 0;
            for (int m = 0; m < monitors.size(); m++) {
                Monitor mon = monitors.get(m);
                int[] chosen = mostActive(mon, RASTER_NEURONS_PER_LAYER);
                shown[m] = chosen.length;
                firstRow[m] = row;
                for (int t = 0; t < mon.steps(); t++) {
                    for (int r = 0; r < chosen.length; r++) {
                        if (mon.output(t, 0, chosen[r]) != 0f) {
                            neuron.add(row + r);
                            step.add((double) t);
                        }
                    }
                }
                row += chosen.length;
            }
            return new Raster(neuron.stream().mapToInt(Integer::intValue).toArray(),
                    step.stream().mapToDouble(Double::doubleValue).toArray(), row, model.steps(), names, shown, firstRow);
        } finally {
            monitors.forEach(net::removeMonitor);
        }
    }

    /**
     * The (at most) {@code k} neurons of sample 0 with the most spikes, ties broken by the lower
     * index, returned in increasing neuron order.
     */
    static int[] mostActive(Monitor mon, int k) {
        int n = mon.features();
        int[] count = new int[n];
        for (int t = 0; t < mon.steps(); t++) {
            for (int j = 0; j < n; j++) {
                count[j] += mon.output(t, 0, j) != 0f ? 1 : 0;
            }
        }
        return mostActive(count, k);
    }

    /**
     * The (at most) {@code k} neurons with the highest {@code count} (spikes), ties broken by the
     * lower index, returned in increasing neuron order.
     */
    static int[] mostActive(int[] count, int k) {
        int n = count.length;
        return java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b))
                .limit(Math.min(k, n)).mapToInt(Integer::intValue).sorted().toArray();
    }
}
