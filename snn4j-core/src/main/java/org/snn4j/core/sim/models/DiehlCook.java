package org.snn4j.core.sim.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.Plasticity;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.PoissonSource;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Receptor;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif.SpikeSelection;
import org.snn4j.core.sim.plasticity.PairStdp;

/**
 * The unsupervised STDP network of Diehl &amp; Cook (2015) with the parameters of BindsNET's
 * example ({@code DiehlAndCook2015}, {@code eth_mnist.py}):
 * <pre>
 *   input (Poisson, rate_i = pixel_i/255 · intensity, or with the image first scaled to a fixed pixel sum, Config#inputMass)  → exc   all-to-all, plastic ({@link PairStdp#diehlCook()}),
 *                                                           w ~ 0.3·U[0, 1), incoming sum normalised to 78.4
 *   exc  → inh   one-to-one, w = 22.5 mV (excitatory)
 *   inh  → exc   all but self, w = 17.5 mV (inhibitory)
 * </pre>
 * Neurons: {@link AdaptiveThresholdLif#diehlCookExcitatory} and {@link AdaptiveThresholdLif#diehlCookInhibitory}
 * with delta synapses; every projection has a delay of one step (BindsNET computes every layer's
 * input from the previous step's spikes).
 *
 * <p>One presentation of a sample: (training only) normalise the incoming input weights of every
 * excitatory neuron to {@link Config#normTotal()} ({@link Projection#normalizeIncoming}), set the
 * Poisson rates, run {@link Config#stepsPerSample()} steps, read the excitatory spike counts, then
 * {@link Simulation#rest()} (membranes, traces and pending input cleared; θ and weights kept).
 * With {@link Config#minSpikes()} {@code > 0} (Diehl &amp; Cook's original rule, off in BindsNET),
 * a presentation with fewer excitatory spikes is repeated with the intensity raised by
 * {@link Config#intensityStepHz()}, at most {@link Config#maxRetries()} times; the rule applies to
 * every pass. Training runs with STDP and threshold adaptation on; {@link #labelAssignment} and
 * {@link #evaluate} switch both off.
 *
 * <p>Labels and predictions follow BindsNET's {@code assign_labels}, {@code all_activity} and
 * {@code proportion_weighting}: {@code rate[c][j]} is neuron {@code j}'s mean spike count over the
 * labelled samples of class {@code c}; neuron {@code j} is assigned {@code argmax_c rate[c][j]}
 * (the lowest class on ties, so a silent neuron gets class 0); {@code proportion[c][j] =
 * rate[c][j] / Σ_c rate[c][j]} (0 for a silent neuron). A response {@code s} (spike counts) is
 * classified as {@code argmax_c (Σ_{j: class j = c} s_j) / n_c} ("all activity") or
 * {@code argmax_c (Σ_{j: class j = c} s_j·proportion[c][j]) / n_c} ("proportion weighting"),
 * {@code n_c} the number of neurons assigned class {@code c}, classes without neurons scoring 0.
 * Everything is single-threaded and reproducible from {@link Config#seed()}.
 */
public final class DiehlCook {

    /** Which pass is running (for progress reports). */
    public enum Phase { TRAIN, LABEL, TEST }

    /** Receives progress after every sample of a pass. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} samples of {@code phase} presented in {@code seconds}. */
        void update(Phase phase, int done, int total, double seconds);

        /** Reports nothing. */
        static Progress none() {
            return (phase, done, total, seconds) -> { };
        }
    }

    /**
     * The configuration; {@link #builder()} starts from BindsNET's example values.
     *
     * @param excitatory       excitatory (and inhibitory) neurons (1 … 100 000)
     * @param inputSize        input channels, one per pixel (784 for 28×28)
     * @param stepsPerSample   steps each sample is presented (&gt; 0)
     * @param dtMs             time step (ms, &gt; 0)
     * @param intensityHz      rate of a pixel of value 1 (255), Hz (&gt; 0)
     * @param normTotal        sum of every excitatory neuron's input weights after normalisation (&gt; 0)
     * @param excToInh         exc → inh weight (mV, ≥ 0)
     * @param inhToExc         inh → exc weight magnitude (mV, ≥ 0)
     * @param initialWeightMax initial input weights are {@code initialWeightMax·U[0, 1)} (≥ 0)
     * @param thetaPlus        θ+ of the excitatory neurons (mV, ≥ 0)
     * @param selection        spike selection of the excitatory neurons
     * @param minSpikes        repeat a presentation with fewer excitatory spikes (0: off)
     * @param intensityStepHz  intensity added for each repetition (Hz, ≥ 0)
     * @param maxRetries       most repetitions of one sample (≥ 0)
     * @param plasticity       the rule on the input projection
     * @param inputMass        0: rates are {@code pixel·intensity} (Diehl &amp; Cook, BindsNET); &gt; 0: each image is
     *                         first scaled so that its pixels (in [0, 1]) sum to {@code inputMass}, so every image
     *                         drives the network with the same total rate {@code inputMass·intensity} (≥ 0)
     * @param seed             random seed (weights, Poisson trains, spike selection)
     */
    public record Config(int excitatory, int inputSize, int stepsPerSample, double dtMs, double intensityHz,
                         double normTotal, double excToInh, double inhToExc, double initialWeightMax,
                         double thetaPlus, SpikeSelection selection, int minSpikes, double intensityStepHz,
                         int maxRetries, Plasticity plasticity, double inputMass, long seed) {
        /** Checks the values. */
        public Config {
            ParameterChecks.range("excitatory", excitatory, 1, 100_000);
            ParameterChecks.range("inputSize", inputSize, 1, 1 << 20);
            ParameterChecks.range("stepsPerSample", stepsPerSample, 1, 1_000_000);
            ParameterChecks.positive("dtMs", dtMs);
            ParameterChecks.positive("intensityHz", intensityHz);
            ParameterChecks.positive("normTotal", normTotal);
            ParameterChecks.nonNegative("excToInh", excToInh);
            ParameterChecks.nonNegative("inhToExc", inhToExc);
            ParameterChecks.nonNegative("initialWeightMax", initialWeightMax);
            ParameterChecks.nonNegative("thetaPlus", thetaPlus);
            ParameterChecks.range("minSpikes", minSpikes, 0, 1_000_000);
            ParameterChecks.nonNegative("intensityStepHz", intensityStepHz);
            ParameterChecks.range("maxRetries", maxRetries, 0, 1000);
            ParameterChecks.nonNegative("inputMass", inputMass);
            if (selection == null || plasticity == null) {
                throw new IllegalArgumentException("selection and plasticity must not be null");
            }
        }

        /** A builder with BindsNET's example values (100 neurons, 784 inputs). */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder starting from these values. */
        public Builder toBuilder() {
            return new Builder().excitatory(excitatory).inputSize(inputSize).stepsPerSample(stepsPerSample).dtMs(dtMs)
                    .intensityHz(intensityHz).normTotal(normTotal).excToInh(excToInh).inhToExc(inhToExc)
                    .initialWeightMax(initialWeightMax).thetaPlus(thetaPlus).selection(selection)
                    .minSpikes(minSpikes).intensityStepHz(intensityStepHz).maxRetries(maxRetries)
                    .plasticity(plasticity).inputMass(inputMass).seed(seed);
        }
    }

    /** Builds a {@link Config}; defaults are BindsNET's example. */
    public static final class Builder {
        private int excitatory = 100;
        private int inputSize = 784;
        private int stepsPerSample = 250;
        private double dtMs = 1;
        private double intensityHz = 128;
        private double normTotal = 78.4;
        private double excToInh = 22.5;
        private double inhToExc = 17.5;
        private double initialWeightMax = 0.3;
        private double thetaPlus = 0.05;
        private SpikeSelection selection = SpikeSelection.ONE_RANDOM;
        private int minSpikes;
        private double inputMass;
        private double intensityStepHz = 32;
        private int maxRetries = 10;
        private Plasticity plasticity = PairStdp.diehlCook();
        private long seed;

        /** Excitatory neurons (default 100). */
        public Builder excitatory(int n) {
            this.excitatory = n;
            return this;
        }

        /** Input channels (default 784). */
        public Builder inputSize(int n) {
            this.inputSize = n;
            return this;
        }

        /** Steps per sample (default 250). */
        public Builder stepsPerSample(int n) {
            this.stepsPerSample = n;
            return this;
        }

        /** Time step in ms (default 1). */
        public Builder dtMs(double ms) {
            this.dtMs = ms;
            return this;
        }

        /** Rate of a full-intensity pixel in Hz (default 128). */
        public Builder intensityHz(double hz) {
            this.intensityHz = hz;
            return this;
        }

        /** Incoming weight total after normalisation (default 78.4). */
        public Builder normTotal(double total) {
            this.normTotal = total;
            return this;
        }

        /** Exc → inh weight (default 22.5). */
        public Builder excToInh(double w) {
            this.excToInh = w;
            return this;
        }

        /** Inh → exc weight magnitude (default 17.5). */
        public Builder inhToExc(double w) {
            this.inhToExc = w;
            return this;
        }

        /** Scale of the initial input weights (default 0.3). */
        public Builder initialWeightMax(double w) {
            this.initialWeightMax = w;
            return this;
        }

        /** θ+ in mV (default 0.05). */
        public Builder thetaPlus(double mv) {
            this.thetaPlus = mv;
            return this;
        }

        /** Spike selection of the excitatory layer (default one random spike per step, as BindsNET). */
        public Builder selection(SpikeSelection s) {
            this.selection = s;
            return this;
        }

        /**
         * Scale every image so that its pixels sum to {@code mass} before it is turned into rates
         * (default 0: off, as Diehl &amp; Cook and BindsNET).
         */
        public Builder inputMass(double mass) {
            this.inputMass = mass;
            return this;
        }

        /** Repeat presentations with fewer excitatory spikes than this (default 0: off; Diehl &amp; Cook: 5). */
        public Builder minSpikes(int n) {
            this.minSpikes = n;
            return this;
        }

        /** Intensity added per repetition (default 32 Hz). */
        public Builder intensityStepHz(double hz) {
            this.intensityStepHz = hz;
            return this;
        }

        /** Most repetitions of one sample (default 10). */
        public Builder maxRetries(int n) {
            this.maxRetries = n;
            return this;
        }

        /** The input projection's rule (default {@link PairStdp#diehlCook()}). */
        public Builder plasticity(Plasticity rule) {
            this.plasticity = rule;
            return this;
        }

        /** Random seed (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The validated configuration. */
        public Config build() {
            return new Config(excitatory, inputSize, stepsPerSample, dtMs, intensityHz, normTotal, excToInh, inhToExc,
                    initialWeightMax, thetaPlus, selection, minSpikes, intensityStepHz, maxRetries, plasticity, inputMass, seed);
        }
    }

    /**
     * Label assignment: {@code classOf[j]}, {@code rates[c][j]} (mean count of neuron {@code j} on
     * class {@code c}), {@code proportions[c][j]}, and the pass's sample count and wall time.
     */
    public record Assignment(int[] classOf, double[][] rates, double[][] proportions, int samples, double seconds) {
        /** Number of classes. */
        public int numClasses() {
            return rates.length;
        }

        /** Neurons assigned to each class. */
        public int[] neuronsPerClass() {
            int[] n = new int[numClasses()];
            for (int c : classOf) {
                n[c]++;
            }
            return n;
        }

        /** Samples per second of the pass. */
        public double samplesPerSecond() {
            return samples / Math.max(seconds, 1e-9);
        }
    }

    /**
     * Test figures for both prediction schemes ({@code confusion[true][predicted]}).
     *
     * @param meanSpikes mean excitatory spikes per sample (last presentation)
     * @param retries    repeated presentations (the &lt; {@code minSpikes} rule)
     */
    public record Evaluation(double allActivityAccuracy, double proportionAccuracy, int[][] allActivityConfusion,
                             int[][] proportionConfusion, int samples, double seconds, double meanSpikes, long retries) {
        /** Samples per second of the pass. */
        public double samplesPerSecond() {
            return samples / Math.max(seconds, 1e-9);
        }
    }

    /**
     * One training pass.
     *
     * @param window            samples per running-accuracy window (BindsNET's {@code update_interval})
     * @param windowEnd         samples seen at the end of each scored window
     * @param windowAllActivity all-activity accuracy of each window, labelled with the previous window
     * @param windowProportion  proportion-weighting accuracy of each window
     */
    public record Training(int samples, double seconds, double meanSpikes, long retries, int window,
                           int[] windowEnd, double[] windowAllActivity, double[] windowProportion) {
        /** Samples per second of the pass. */
        public double samplesPerSecond() {
            return samples / Math.max(seconds, 1e-9);
        }
    }

    private final Config config;
    private final Simulation sim;
    private final PoissonSource input;
    private final Population exc;
    private final Population inh;
    private final AdaptiveThresholdLif.Dynamics excDynamics;
    private final Projection inputProjection;
    private final SpikeMonitor counter;
    private final float[] pixels;
    private final float[] rates;
    private long retries;

    /** Builds the network in its initial state. */
    public DiehlCook(Config config) {
        this.config = config;
        this.sim = Simulation.create(config.dtMs(), config.seed());
        int n = config.excitatory();
        input = sim.poissonSource("input", config.inputSize(), 0);
        AdaptiveThresholdLif excModel = AdaptiveThresholdLif.diehlCookExcitatory(config.seed() ^ 0x9E3779B97F4A7C15L)
                .withThetaPlus(config.thetaPlus()).withSelection(config.selection());
        exc = sim.population("exc", n, excModel);
        inh = sim.population("inh", n, AdaptiveThresholdLif.diehlCookInhibitory());
        excDynamics = (AdaptiveThresholdLif.Dynamics) exc.dynamics();
        double wMax = config.initialWeightMax();
        inputProjection = sim.connect(input, exc).name("input->exc")
                .connector(Connector.allToAll(Connector.Diagonal.INCLUDE))
                .receptor(Receptor.EXCITATORY).weights((i, j, rng) -> wMax * rng.nextDouble())
                .delay(1).plasticity(config.plasticity()).build();
        sim.connect(exc, inh).connector(Connector.oneToOne()).receptor(Receptor.EXCITATORY)
                .weight(config.excToInh()).delay(1).build();
        sim.connect(inh, exc).connector(Connector.allToAll(Connector.Diagonal.EXCLUDE)).receptor(Receptor.INHIBITORY)
                .weight(config.inhToExc()).delay(1).build();
        counter = sim.spikeCounter(exc);
        pixels = new float[config.inputSize()];
        rates = new float[config.inputSize()];
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The simulation (for monitors or inspection). */
    public Simulation simulation() {
        return sim;
    }

    /**
     * The Poisson input, one channel per pixel. Its spikes, like those of {@link #excitatory()} and
     * {@link #inhibitory()}, can be recorded by monitors added to {@link #simulation()} (e.g.
     * around {@link #evaluate}); the simulation's projections are, in order, input→exc, exc→inh
     * and inh→exc.
     */
    public PoissonSource input() {
        return input;
    }

    /** The excitatory population ({@code "exc"}, {@link Config#excitatory()} adaptive-threshold LIF neurons). */
    public Population excitatory() {
        return exc;
    }

    /** The inhibitory population ({@code "inh"}, as many neurons as the excitatory one). */
    public Population inhibitory() {
        return inh;
    }

    /** The live input weights, dense row-major {@code [inputSize, excitatory]}. */
    public float[] inputWeights() {
        return inputProjection.weights();
    }

    /** The live adaptive thresholds θ of the excitatory neurons (mV). */
    public float[] theta() {
        return excDynamics.theta();
    }

    /** The receptive field of every excitatory neuron: {@code fields[j][i] = w[i][j]} (copies). */
    public float[][] receptiveFields() {
        int n = config.excitatory();
        int in = config.inputSize();
        float[] w = inputProjection.weights();
        float[][] fields = new float[n][in];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < n; j++) {
                fields[j][i] = w[i * n + j];
            }
        }
        return fields;
    }

    /**
     * Scales {@code pixels} in place by {@code mass / Σ pixels} so that they sum to {@code mass}
     * (up to float rounding); an all-zero image is left as it is.
     */
    static void scaleToMass(float[] pixels, double mass) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        if (sum > 0) {
            float scale = (float) (mass / sum);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] *= scale;
            }
        }
    }

    /**
     * Presents sample {@code index} once (with the repetition rule) and copies the excitatory spike
     * counts into {@code counts}; learning as currently switched.
     *
     * @return the total excitatory spikes of the last presentation
     */
    private long present(Dataset data, int index, int[] counts, boolean normalise) {
        data.copyFeatures(index, pixels, 0);
        if (config.inputMass() > 0) {
            scaleToMass(pixels, config.inputMass());
        }
        double intensity = config.intensityHz();
        for (int attempt = 0; ; attempt++) {
            if (normalise) {
                inputProjection.normalizeIncoming(config.normTotal());
            }
            for (int i = 0; i < pixels.length; i++) {
                rates[i] = (float) (pixels[i] * intensity);
            }
            input.setRates(rates);
            counter.clear();
            sim.run(config.stepsPerSample());
            long total = counter.total();
            sim.rest();
            if (total >= config.minSpikes() || attempt >= config.maxRetries()) {
                System.arraycopy(counter.counts(), 0, counts, 0, counts.length);
                return total;
            }
            retries++;
            intensity += config.intensityStepHz();
        }
    }

    private void setLearning(boolean on) {
        inputProjection.setLearning(on);
        excDynamics.setAdaptation(on);
    }

    private void check(Dataset data, int samples, String what) {
        int features = data.sampleShape().size();
        if (features != config.inputSize()) {
            throw new IllegalArgumentException(data.name() + " has " + features + " features per sample but the network has "
                    + config.inputSize() + " inputs");
        }
        if (samples < 1 || samples > data.size()) {
            throw new IllegalArgumentException(what + " samples must be in [1, " + data.size() + "], got " + samples);
        }
    }

    /**
     * Trains on the first {@code samples} samples of {@code data} in order, with STDP, and scores a
     * running accuracy every {@code window} samples as BindsNET's example does (each window
     * classified with the labels assigned from the previous window's responses).
     */
    public Training train(Dataset data, int samples, int window, Progress progress) {
        check(data, samples, "training");
        if (window < 1) {
            throw new IllegalArgumentException("accuracy window must be >= 1 sample, got " + window);
        }
        setLearning(true);
        int n = config.excitatory();
        int classes = data.numClasses();
        int[][] windowCounts = new int[window][n];
        int[] windowLabels = new int[window];
        Assignment previous = null;
        List<int[]> ends = new ArrayList<>();
        List<double[]> accuracies = new ArrayList<>();
        long spikes = 0;
        long retriesBefore = retries;
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            int w = s % window;
            spikes += present(data, s, windowCounts[w], true);
            windowLabels[w] = data.label(s);
            if (w == window - 1) {
                if (previous != null) {
                    double[] acc = new double[2];
                    for (int k = 0; k < window; k++) {
                        if (predictAllActivity(previous, windowCounts[k]) == windowLabels[k]) {
                            acc[0]++;
                        }
                        if (predictProportion(previous, windowCounts[k]) == windowLabels[k]) {
                            acc[1]++;
                        }
                    }
                    acc[0] /= window;
                    acc[1] /= window;
                    ends.add(new int[] {s + 1});
                    accuracies.add(acc);
                }
                previous = assign(windowCounts, windowLabels, window, classes, 0, 0);
            }
            progress.update(Phase.TRAIN, s + 1, samples, (System.nanoTime() - start) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        inputProjection.normalizeIncoming(config.normTotal());
        int[] end = new int[ends.size()];
        double[] all = new double[ends.size()];
        double[] prop = new double[ends.size()];
        for (int k = 0; k < end.length; k++) {
            end[k] = ends.get(k)[0];
            all[k] = accuracies.get(k)[0];
            prop[k] = accuracies.get(k)[1];
        }
        return new Training(samples, seconds, (double) spikes / samples, retries - retriesBefore, window, end, all, prop);
    }

    /**
     * Presents the first {@code samples} samples of {@code data} without learning and assigns each
     * excitatory neuron the class it responds to most (see the class comment).
     */
    public Assignment labelAssignment(Dataset data, int samples, Progress progress) {
        check(data, samples, "labelling");
        setLearning(false);
        int[][] counts = new int[samples][config.excitatory()];
        int[] labels = new int[samples];
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            present(data, s, counts[s], false);
            labels[s] = data.label(s);
            progress.update(Phase.LABEL, s + 1, samples, (System.nanoTime() - start) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return assign(counts, labels, samples, data.numClasses(), samples, seconds);
    }

    /** Classifies the first {@code samples} samples of {@code data} without learning, with both schemes. */
    public Evaluation evaluate(Dataset data, int samples, Assignment assignment, Progress progress) {
        check(data, samples, "test");
        setLearning(false);
        int classes = assignment.numClasses();
        int[][] confAll = new int[classes][classes];
        int[][] confProp = new int[classes][classes];
        int[] counts = new int[config.excitatory()];
        long spikes = 0;
        long retriesBefore = retries;
        int correctAll = 0;
        int correctProp = 0;
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            spikes += present(data, s, counts, false);
            int label = data.label(s);
            int a = predictAllActivity(assignment, counts);
            int p = predictProportion(assignment, counts);
            if (label < classes) {
                confAll[label][a]++;
                confProp[label][p]++;
            }
            correctAll += a == label ? 1 : 0;
            correctProp += p == label ? 1 : 0;
            progress.update(Phase.TEST, s + 1, samples, (System.nanoTime() - start) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Evaluation((double) correctAll / samples, (double) correctProp / samples, confAll, confProp, samples,
                seconds, (double) spikes / samples, retries - retriesBefore);
    }

    /**
     * BindsNET's {@code assign_labels} from the first {@code count} responses: mean count per class,
     * argmax (lowest class on ties), proportions (0 for silent neurons).
     */
    public static Assignment assign(int[][] counts, int[] labels, int count, int classes, int samples, double seconds) {
        int n = counts[0].length;
        double[][] rates = new double[classes][n];
        int[] perClass = new int[classes];
        for (int s = 0; s < count; s++) {
            int c = labels[s];
            perClass[c]++;
            double[] r = rates[c];
            int[] row = counts[s];
            for (int j = 0; j < n; j++) {
                r[j] += row[j];
            }
        }
        for (int c = 0; c < classes; c++) {
            if (perClass[c] > 0) {
                for (int j = 0; j < n; j++) {
                    rates[c][j] /= perClass[c];
                }
            }
        }
        int[] classOf = new int[n];
        double[][] proportions = new double[classes][n];
        for (int j = 0; j < n; j++) {
            int best = 0;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += rates[c][j];
                if (rates[c][j] > rates[best][j]) {
                    best = c;
                }
            }
            classOf[j] = best;
            if (sum > 0) {
                for (int c = 0; c < classes; c++) {
                    proportions[c][j] = rates[c][j] / sum;
                }
            }
        }
        return new Assignment(classOf, rates, proportions, samples, seconds);
    }

    /** BindsNET's {@code all_activity}: the class whose assigned neurons fired most on average. */
    public static int predictAllActivity(Assignment a, int[] counts) {
        return argmaxPerClass(a, counts, false);
    }

    /** BindsNET's {@code proportion_weighting}. */
    public static int predictProportion(Assignment a, int[] counts) {
        return argmaxPerClass(a, counts, true);
    }

    private static int argmaxPerClass(Assignment a, int[] counts, boolean weighted) {
        int classes = a.numClasses();
        double[] score = new double[classes];
        int[] neurons = new int[classes];
        int[] classOf = a.classOf();
        for (int j = 0; j < classOf.length; j++) {
            int c = classOf[j];
            neurons[c]++;
            score[c] += weighted ? counts[j] * a.proportions()[c][j] : counts[j];
        }
        int best = 0;
        double bestScore = -1;
        for (int c = 0; c < classes; c++) {
            double v = neurons[c] > 0 ? score[c] / neurons[c] : 0;
            if (v > bestScore) {
                best = c;
                bestScore = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "DiehlCook" + Arrays.asList(config.inputSize(), config.excitatory());
    }
}
