package org.snn4j.core.metrics;

import java.util.List;
import java.util.Objects;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.data.Datasets;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.network.Network;
import org.snn4j.core.train.Evaluation;
import org.snn4j.core.train.Evaluator;
import org.snn4j.core.train.HeapProbe;

/**
 * All NeuroBench-style figures of one network on one test set, from two passes.
 *
 * <ol>
 *   <li>The <b>counting pass</b> evaluates every sample with a {@link SynapticOperations} and an
 *       {@link ActivityCounter} attached: accuracy, synaptic operations, activation sparsity,
 *       per-layer rates and membrane updates.</li>
 *   <li>The <b>timed pass</b> evaluates the first {@code timedSamples} samples again with nothing
 *       attached, inside a {@link HeapProbe}: throughput (samples/s of the whole evaluation,
 *       encoding and read-out included) and the peak heap (the probe's upper bound, data set
 *       included).</li>
 * </ol>
 * Latency is the number of time steps {@code T} the network runs before its read-out decides.
 *
 * @param evaluation               the counting pass's evaluation (accuracy, loss, confusion)
 * @param steps                    T, the time steps per sample (the latency in steps)
 * @param synapticOperations       per sample, summed over the T steps
 * @param operationsPerLayer       per connection layer
 * @param activationSparsity       zero outputs / all outputs of the activation layers
 * @param activity                 per activation layer: rate and membrane updates
 * @param membraneUpdatesPerSample see {@link ActivityCounter}
 * @param neuronStepsPerSample     spiking neurons × T
 * @param footprintBytes           see {@link StaticMetrics#footprintBytes}
 * @param connectionSparsity       see {@link StaticMetrics#connectionSparsity}
 * @param energyModel              the operation costs used
 * @param energyPicojoules         effective operations' energy per sample
 * @param annEquivalentPicojoules  the same layers as a single-step dense ANN, per sample
 * @param samplesPerSecond         throughput of the timed pass
 * @param peakHeapBytes            the timed pass's heap peak (upper bound; see {@link HeapProbe})
 * @param timedSamples             samples of the timed pass
 */
public record WorkloadMetrics(Evaluation evaluation, int steps, OperationCounts synapticOperations,
                              List<SynapticOperations.LayerOperations> operationsPerLayer, double activationSparsity,
                              List<ActivityCounter.LayerActivity> activity, double membraneUpdatesPerSample,
                              double neuronStepsPerSample, long footprintBytes, double connectionSparsity,
                              EnergyModel energyModel, double energyPicojoules, double annEquivalentPicojoules,
                              double samplesPerSecond, long peakHeapBytes, int timedSamples) {

    /**
     * Measures {@code network} on {@code data}.
     *
     * @param timedSamples samples of the timed pass, in [1, data.size()]
     * @throws IllegalArgumentException for an empty data set, a sample shape that is not the
     *                                  network's input, or bad counts
     */
    public static WorkloadMetrics measure(Network network, Dataset data, Encoder encoder, Loss loss, int steps,
                                          int batch, long seed, Kernels kernels, EnergyModel energy, int timedSamples) {
        Objects.requireNonNull(energy, "energy");
        if (data.size() == 0) {
            throw new IllegalArgumentException("data set " + data.name() + " is empty: nothing to measure");
        }
        if (data.sampleShape().size() != network.inputShape().size()) {
            throw new IllegalArgumentException("data set " + data.name() + " has samples of " + data.sampleShape().size()
                    + " values but the network takes " + network.inputShape() + " (" + network.inputShape().size() + ")");
        }
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("steps and batch must be >= 1, got " + steps + " and " + batch);
        }
        if (timedSamples < 1 || timedSamples > data.size()) {
            throw new IllegalArgumentException("timed samples must be in [1, " + data.size() + "], got " + timedSamples);
        }
        SynapticOperations ops = SynapticOperations.attach(network);
        ActivityCounter activity = ActivityCounter.attach(network);
        Evaluation eval;
        try {
            eval = Evaluator.evaluate(network, data, encoder, loss, steps, batch, seed, kernels);
        } finally {
            network.removeObserver(ops);
            network.removeObserver(activity);
        }
        Dataset timed = Datasets.range(data, 0, timedSamples);
        Evaluation[] timedEval = new Evaluation[1];
        HeapProbe.Result heap = HeapProbe.measure(() ->
                timedEval[0] = Evaluator.evaluate(network, timed, encoder, loss, steps, batch, seed, kernels));
        OperationCounts counts = ops.perSample();
        return new WorkloadMetrics(eval, steps, counts, ops.perLayer(), activity.activationSparsity(), activity.perLayer(),
                activity.membraneUpdatesPerSample(), activity.neuronStepsPerSample(), StaticMetrics.footprintBytes(network),
                StaticMetrics.connectionSparsity(network), energy, energy.picojoules(counts),
                energy.annEquivalentPicojoules(counts, steps), timedEval[0].samplesPerSecond(), heap.peakBytes(),
                timedSamples);
    }
}
