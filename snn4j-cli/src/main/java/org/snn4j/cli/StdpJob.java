package org.snn4j.cli;

import java.util.Locale;
import java.util.function.Supplier;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.sim.models.DiehlCook;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif.SpikeSelection;

/**
 * Diehl &amp; Cook's network as {@code snn4j stdp} runs it, shared by that command and the
 * {@code stdp} entries of {@code snn4j bench suite}: the settings and their defaults (the
 * command's option defaults are these constants), the {@link DiehlCook.Config} they build, and one
 * run: build the network, train with STDP on the first {@code nTrain} training images, assign labels
 * from the first {@code nLabel} training images without learning, classify the first {@code nTest}
 * test images.
 */
final class StdpJob {
    static final String NEURONS = "100";
    static final String STEPS = "250";
    static final String INTENSITY = "64";
    static final String NORM = "78.4";
    static final String INH = "120";
    static final String INPUT_MASS = "100";
    static final String THETA_PLUS = "0.05";
    static final String MIN_SPIKES = "5";
    static final String SELECTION = "one_random";
    static final String WINDOW = "250";
    static final String SEED = "42";
    /** Default size of the labelling pass: about 1 000 images per class, 1/6 of the training cost. */
    static final int DEFAULT_LABEL = 10_000;

    private StdpJob() {
    }

    /**
     * The settings of {@code snn4j stdp} (see its options).
     *
     * @param neurons     excitatory (and inhibitory) neurons
     * @param steps       steps of 1 ms per image
     * @param intensityHz Poisson rate of a white pixel
     * @param norm        sum of each neuron's input weights
     * @param inh         inhibitory weight onto every other excitatory neuron, mV
     * @param inputMass   pixel sum every image is scaled to (0: off)
     * @param thetaPlus   threshold increment per spike, mV
     * @param minSpikes   repeat an image with fewer excitatory spikes (0: off)
     * @param selection   excitatory spikes per step
     * @param window      images per running-accuracy window during training
     * @param seed        seed of every random choice
     */
    record Settings(int neurons, int steps, double intensityHz, double norm, double inh, double inputMass, double thetaPlus,
                    int minSpikes, SpikeSelection selection, int window, long seed) {

        /** The defaults of {@code snn4j stdp}. */
        static Settings defaults() {
            return new Settings(Integer.parseInt(NEURONS), Integer.parseInt(STEPS), Double.parseDouble(INTENSITY),
                    Double.parseDouble(NORM), Double.parseDouble(INH), Double.parseDouble(INPUT_MASS),
                    Double.parseDouble(THETA_PLUS), Integer.parseInt(MIN_SPIKES),
                    SpikeSelection.valueOf(SELECTION.toUpperCase(Locale.ROOT)), Integer.parseInt(WINDOW), Long.parseLong(SEED));
        }

        /** These settings with other neurons, steps per image and seed. */
        Settings with(int neurons, int steps, long seed) {
            return new Settings(neurons, steps, intensityHz, norm, inh, inputMass, thetaPlus, minSpikes, selection, window, seed);
        }

        /** The network's configuration for images of {@code inputs} pixels. */
        DiehlCook.Config config(int inputs) {
            return DiehlCook.Config.builder().excitatory(neurons).inputSize(inputs).stepsPerSample(steps)
                    .intensityHz(intensityHz).normTotal(norm).inhToExc(inh).thetaPlus(thetaPlus).minSpikes(minSpikes)
                    .selection(selection).inputMass(inputMass).seed(seed).build();
        }
    }

    /** Runs the test pass; lets a caller measure around it (attach counters, probe the heap). */
    @FunctionalInterface
    interface TestPhase {
        /** Runs {@code test} (exactly once) for {@code network} and returns its evaluation. */
        DiehlCook.Evaluation run(DiehlCook network, Supplier<DiehlCook.Evaluation> test);

        /** Runs the pass with nothing around it. */
        TestPhase PLAIN = (network, test) -> test.get();
    }

    /**
     * One run's figures.
     *
     * @param seconds wall time from building the network to the end of the test pass
     */
    record Result(DiehlCook network, DiehlCook.Training training, DiehlCook.Assignment assignment,
                  DiehlCook.Evaluation evaluation, double seconds) {
    }

    /** Images of the labelling pass when none are asked for: {@link #DEFAULT_LABEL}, at most {@code available}. */
    static int defaultLabelImages(int available) {
        return Math.min(DEFAULT_LABEL, available);
    }

    /**
     * Builds the network of {@code config} and runs train → label → test (see the class comment).
     *
     * @param window images per running-accuracy window of the training pass
     */
    static Result run(DiehlCook.Config config, int window, Dataset train, int nTrain, int nLabel, Dataset test, int nTest,
                      DiehlCook.Progress progress, TestPhase testPhase) {
        long t0 = System.nanoTime();
        DiehlCook net = new DiehlCook(config);
        DiehlCook.Training training = net.train(train, nTrain, window, progress);
        DiehlCook.Assignment assignment = net.labelAssignment(train, nLabel, progress);
        DiehlCook.Evaluation eval = testPhase.run(net, () -> net.evaluate(test, nTest, assignment, progress));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(net, training, assignment, eval, seconds);
    }
}
