package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;
import org.snn4j.core.optim.Adam;
import org.snn4j.core.optim.AdamConfig;
import org.snn4j.core.optim.AdamW;
import org.snn4j.core.optim.LearningRateSchedule;
import org.snn4j.core.optim.Optimizer;
import org.snn4j.core.optim.Optimizers;
import org.snn4j.core.optim.Schedules;
import org.snn4j.core.optim.Sgd;
import org.snn4j.core.optim.SgdConfig;
import org.snn4j.io.ArchitectureJson;

/**
 * Model presets of the command line: an architecture plus the training recipe that goes with it.
 * An architecture file ({@code *.json}) takes the {@code fc} recipe unless options override it.
 */
final class Presets {
    private Presets() {
    }

    /**
     * A named architecture with its default training recipe.
     *
     * @param name         preset name
     * @param spec         the architecture
     * @param steps        time steps T
     * @param encoder      input encoder name
     * @param loss         loss name
     * @param optimizer    optimiser name
     * @param learningRate peak learning rate
     * @param weightDecay  weight decay
     * @param schedule     learning-rate schedule
     * @param augment      training-sample augmentation ({@link org.snn4j.core.data.Augmentation#parse}), "none" for none
     */
    record Preset(String name, NetworkSpec spec, int steps, String encoder, String loss, String optimizer,
                  float learningRate, float weightDecay, TrainOptions.ScheduleName schedule, String augment) {
    }

    static List<String> names() {
        return List.of("fc", "fc-tutorial", "conv", "ann-conv", "ann-conv-qcfs");
    }

    /** The preset of that name, or the {@code fc} recipe around the architecture in a JSON file. */
    static Preset resolve(String model) throws IOException {
        if (model.toLowerCase(Locale.ROOT).endsWith(".json")) {
            Path file = Path.of(model);
            Preset fc = fc();
            String name = file.getFileName().toString().replaceFirst("(?i)\\.json$", "");
            return new Preset(name, ArchitectureJson.read(file), fc.steps(), fc.encoder(), fc.loss(), fc.optimizer(),
                    fc.learningRate(), fc.weightDecay(), fc.schedule(), fc.augment());
        }
        return switch (model.toLowerCase(Locale.ROOT)) {
            case "fc" -> fc();
            case "fc-tutorial" -> fcTutorial();
            case "conv" -> conv();
            case "ann-conv" -> annConv();
            case "ann-conv-qcfs" -> annConvQcfs();
            default -> throw new CliException("unknown model preset '" + model + "'; known presets: "
                    + String.join(", ", names()) + ", or a path to a JSON architecture file");
        };
    }

    /** The LIF layer of the FC presets: β = 0.95, θ = 1, reset by subtraction, arctan surrogate (α = 2). */
    static LifSpec lif() {
        return LifSpec.builder().beta(0.95f).threshold(1f).reset(Reset.SUBTRACT).surrogate(Surrogate.atan(2f)).build();
    }

    /** snnTorch tutorial 5, exactly: 784-1000-10 LIF, T = 25, CE on membrane, Adam 5e-4. */
    static NetworkSpec referenceSpec() {
        return Network.builder(784).linear(1000).add(lif()).linear(10).add(lif()).spec();
    }

    /** The FC preset: the tutorial architecture with a stronger recipe (see docs). */
    static Preset fc() {
        return new Preset("fc", referenceSpec(), 25, "direct", "ce-membrane", "adam", 2e-3f, 0f,
                TrainOptions.ScheduleName.COSINE, "none");
    }

    /** snnTorch tutorial 5's recipe, for comparison: Adam 5e-4 (β 0.9/0.999), constant rate. */
    static Preset fcTutorial() {
        return new Preset("fc-tutorial", referenceSpec(), 25, "direct", "ce-membrane", "adam", 5e-4f, 0f,
                TrainOptions.ScheduleName.CONSTANT, "none");
    }

    /** The LIF layer of the conv preset: β = 0.5 (τ = 2 steps), θ = 1, reset by subtraction, arctan surrogate (α = 2). */
    static LifSpec convLif() {
        return LifSpec.builder().beta(0.5f).threshold(1f).reset(Reset.SUBTRACT).surrogate(Surrogate.atan(2f)).build();
    }

    /**
     * The conv preset's architecture, in the spirit of SpikingJelly's Fashion-MNIST network sized for
     * a CPU: [1, 28, 28] → conv 3×3 32 (pad 1) → BN → LIF → max-pool 2 → conv 3×3 64 (pad 1) → BN → LIF
     * → max-pool 2 → flatten (3136) → linear 256 → LIF → linear 10 → LIF. With direct input the first
     * convolution and its batch norm are computed once per sample (time-invariant folding).
     */
    static NetworkSpec convSpec() {
        return Network.builder(1, 28, 28).conv2d(32, 3, 1, 1).batchNorm().add(convLif()).maxPool2d(2)
                .conv2d(64, 3, 1, 1).batchNorm().add(convLif()).maxPool2d(2)
                .flatten().linear(256).add(convLif()).linear(10).add(convLif()).spec();
    }

    /** The conv preset: {@link #convSpec()}, T = 4, direct input, CE on the membrane, Adam 1e-3 with cosine decay. */
    static Preset conv() {
        return new Preset("conv", convSpec(), 4, "direct", "ce-membrane", "adam", 1e-3f, 0f,
                TrainOptions.ScheduleName.COSINE, "none");
    }

    /** Quantisation levels of the {@code ann-conv-qcfs} preset's QCFS activations. */
    static final int QCFS_LEVELS = 8;
    /**
     * Initial QCFS threshold λ of the {@code ann-conv-qcfs} preset: about the scale of the
     * activations after batch norm (the ReLU twin's calibrated 99.9th percentiles were 4.6, 4.7 and
     * 12.8). Adam at 1e-3 moves λ little in 6 epochs, so the start matters: from 4 the converted
     * network is 0.70 points below its ANN at T = 8, from 8 it is 4.15 below (docs/conversion.md).
     */
    static final float QCFS_INITIAL_THRESHOLD = 4f;

    /**
     * The ANN twin of the conv preset, for ANN→SNN conversion: [1, 28, 28] → conv 3×3 32 (pad 1) →
     * BN → ReLU → avg-pool 2 → conv 3×3 64 (pad 1) → BN → ReLU → avg-pool 2 → flatten (3136) →
     * linear 256 → ReLU → linear 10 (logits). Average pooling, because it maps onto spiking layers
     * exactly (max pooling of spikes does not).
     */
    static NetworkSpec annConvSpec() {
        return Network.builder(1, 28, 28).conv2d(32, 3, 1, 1).batchNorm().relu().avgPool2d(2)
                .conv2d(64, 3, 1, 1).batchNorm().relu().avgPool2d(2)
                .flatten().linear(256).relu().linear(10).spec();
    }

    /**
     * {@link #annConvSpec()} with a QCFS activation of {@value #QCFS_LEVELS} levels (initial
     * threshold {@value #QCFS_INITIAL_THRESHOLD}) in place of every ReLU (Bu et al., ICLR 2022).
     */
    static NetworkSpec annConvQcfsSpec() {
        Qcfs.Spec q = new Qcfs.Spec(QCFS_LEVELS, QCFS_INITIAL_THRESHOLD);
        return Network.builder(1, 28, 28).conv2d(32, 3, 1, 1).batchNorm().add(q).avgPool2d(2)
                .conv2d(64, 3, 1, 1).batchNorm().add(q).avgPool2d(2)
                .flatten().linear(256).add(q).linear(10).spec();
    }

    /**
     * The ann-conv preset: {@link #annConvSpec()}, T = 1, direct input, softmax cross entropy on the
     * logits ({@code ce-count} with T = 1 and no spiking layer), Adam 1e-3 with cosine decay.
     */
    static Preset annConv() {
        return new Preset("ann-conv", annConvSpec(), 1, "direct", "ce-count", "adam", 1e-3f, 0f,
                TrainOptions.ScheduleName.COSINE, "none");
    }

    /** The ann-conv-qcfs preset: {@link #annConvQcfsSpec()} with the ann-conv recipe. */
    static Preset annConvQcfs() {
        return new Preset("ann-conv-qcfs", annConvQcfsSpec(), 1, "direct", "ce-count", "adam", 1e-3f, 0f,
                TrainOptions.ScheduleName.COSINE, "none");
    }

    /** An optimiser by name with learning rate and weight decay. */
    static Optimizer optimizer(String name, float lr, float weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case Sgd.NAME -> new Sgd(SgdConfig.builder(lr).momentum(0.9f).weightDecay(weightDecay).build());
            case Adam.NAME -> new Adam(AdamConfig.builder(lr).weightDecay(weightDecay).build());
            case AdamW.NAME -> new AdamW(AdamConfig.builder(lr).weightDecay(weightDecay).build());
            default -> Optimizers.byName(name, lr);
        };
    }

    /**
     * The learning-rate schedule of that name starting at {@code lr}: constant; cosine annealing
     * to 0 over the run; step: ×0.1 after half the steps and ×0.01 after three quarters.
     */
    static LearningRateSchedule schedule(TrainOptions.ScheduleName name, float lr) {
        return switch (name) {
            case CONSTANT -> Schedules.constant(lr);
            case COSINE -> Schedules.cosine(lr, 0f);
            case STEP -> (step, total) -> lr * (step >= total * 3 / 4 ? 0.01f : step >= total / 2 ? 0.1f : 1f);
        };
    }
}
