package org.snn4j.core.train;

import org.snn4j.core.data.Batch;
import org.snn4j.core.data.DataLoader;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.encode.Encoder;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.Loss;
import org.snn4j.core.loss.Readout;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkOutput;

/**
 * Inference over a data set: accuracy, loss, confusion matrix and output spike rate, and class
 * predictions. With a time-invariant encoder (direct input) it uses
 * {@link Network#forwardTimeInvariant}, which computes leading stateless layers once per sample
 * instead of once per step — the same numbers, several times faster.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Evaluates {@code network} on {@code data} in batches of {@code batchSize}, in data set order. */
    public static Evaluation evaluate(Network network, Dataset data, Encoder encoder, Loss loss, int steps,
                                      int batchSize, long seed, Kernels kernels) {
        int classes = network.outputShape().size();
        int[][] confusion = new int[classes][classes];
        long start = System.nanoTime();
        double lossSum = 0;
        double spikeSum = 0;
        long correct = 0;
        int seen = 0;
        float[] gOut = new float[0];
        float[] gMem = new float[0];
        DataLoader loader = DataLoader.builder(data, batchSize).prefetch(2).build();
        int batchIndex = 0;
        try (DataLoader.BatchIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                Batch batch = it.next();
                int b = batch.size();
                NetworkOutput out = forward(network, batch.features(), b, encoder, steps,
                        Trainer.mix(seed, -1, batchIndex++), kernels);
                int n = steps * b * classes;
                if (gOut.length != n) {
                    gOut = new float[n];
                    gMem = new float[n];
                }
                lossSum += (double) loss.compute(out, batch.labels(), loss.usesOutput() ? gOut : null,
                        loss.usesMembrane() ? gMem : null) * b;
                int[] predicted = Readout.argmax(loss.scores(out), b, classes);
                for (int i = 0; i < b; i++) {
                    int pred = predicted[i];
                    int label = batch.labels()[i];
                    if (pred == label) {
                        correct++;
                    }
                    if (label < classes) {
                        confusion[label][pred]++;
                    }
                }
                float[] o = out.output();
                for (int i = 0; i < n; i++) {
                    spikeSum += o[i];
                }
                seen += b;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Evaluation(seen, seen == 0 ? 0 : (double) correct / seen, seen == 0 ? 0 : lossSum / seen,
                confusion, seen == 0 ? 0 : spikeSum / ((double) seen * steps * classes), seconds, seen / seconds);
    }

    /**
     * Runs the network on a batch of static samples {@code [B, F]}.
     *
     * @param seed seed of the encoder's randomness for this batch
     */
    public static NetworkOutput forward(Network network, float[] features, int batch, Encoder encoder, int steps,
                                        long seed, Kernels kernels) {
        RunContext ctx = new RunContext(steps, batch, false, seed, kernels);
        if (encoder.timeInvariant()) {
            return network.forwardTimeInvariant(features, ctx);
        }
        float[] input = encoder.encode(features, batch, network.inputShape().size(), steps, seed);
        return network.forward(input, ctx);
    }

    /** Predicted class per sample of a batch {@code [B, F]}, by the loss's read-out. */
    public static int[] predict(Network network, float[] features, int batch, Encoder encoder, Loss loss, int steps,
                                long seed, Kernels kernels) {
        NetworkOutput out = forward(network, features, batch, encoder, steps, seed, kernels);
        return Readout.argmax(loss.scores(out), batch, out.classes());
    }
}
