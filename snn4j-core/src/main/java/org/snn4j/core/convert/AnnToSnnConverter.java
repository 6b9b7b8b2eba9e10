package org.snn4j.core.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.MaxPool2d;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.Reset;

/**
 * Converts a trained ReLU/QCFS network into an integrate-and-fire spiking {@link Network}
 * (Diehl et al. 2015; Rueckauer et al. 2017; Bu et al. 2022). Steps:
 * <ol>
 *   <li>{@link BatchNormFolding} folds every batch norm into the preceding conv2d/linear layer;</li>
 *   <li>{@link ActivationCalibration} measures every ReLU layer's scale λ_l on the calibration set:
 *       its maximum ({@link Normalisation#MAX}) or percentile ({@link Normalisation#PERCENTILE});
 *       a QCFS layer's scale is its trained threshold λ;</li>
 *   <li>threshold balancing: each activation layer l becomes an {@link IfSpec IF} layer with reset
 *       SUBTRACT and threshold {@code θ_l = λ_l / s}, where {@code s} is the scale of the signal it
 *       receives (1 after a weighted layer, λ_{l−1} when it directly follows another activation).
 *       Spikes have amplitude 1 where the ANN activation they stand for is ≈ λ·rate, so every
 *       weighted layer (conv2d, linear) that reads the output of activation l−1 (directly or through
 *       pooling/flatten, which commute with scaling) has its weights multiplied by λ_{l−1}; biases are
 *       unchanged. Then with input current {@code I = W·λ_{l−1}·S_{l−1} + b} the IF rate approximates
 *       {@code clip(a_l/λ_l, 0, 1)}. (Equivalent to Diehl's weight normalisation
 *       {@code W·λ_{l−1}/λ_l, b/λ_l} with θ = 1, the membrane being scaled by λ_l.)</li>
 *   <li>the IF layers start from {@code U[−1] = 0} ({@link InitialMembrane#ZERO}) or
 *       {@code θ/2} ({@link InitialMembrane#HALF_THRESHOLD}, Bu et al.), see {@link IfSpec#initialMembrane()};</li>
 *   <li>max pooling of spikes is not the spiking counterpart of max pooling of rates: with
 *       {@link MaxPoolHandling#AVERAGE} each maxpool2d becomes an avgpool2d of the same geometry
 *       (an approximation: exact only where the pooled rates are equal), with
 *       {@link MaxPoolHandling#REJECT} conversion fails; avgpool2d and flatten pass through
 *       unchanged and dropout is removed (it is the identity at inference).</li>
 * </ol>
 * Layers after the last activation (e.g. the output linear) stay non-spiking: the converted
 * network's output at each step approximates the ANN's logits, so their sum over T (the
 * {@code ce-count} read-out) is ≈ T·logits. The input network is not mutated; the result is an
 * ordinary network that can be saved, loaded and evaluated.
 */
public final class AnnToSnnConverter {

    /** How the scale λ_l of a ReLU layer is chosen. */
    public enum Normalisation {
        /** λ_l = the maximum activation over the calibration set (Diehl et al. 2015). */
        MAX,
        /** λ_l = a percentile of the activations (Rueckauer et al. 2017; default 99.9). */
        PERCENTILE
    }

    /** The IF layers' initial membrane. */
    public enum InitialMembrane {
        /** U[−1] = 0. */
        ZERO,
        /** U[−1] = θ/2 (Bu et al. 2022): halves the expected quantisation error. */
        HALF_THRESHOLD
    }

    /** What happens to maxpool2d layers. */
    public enum MaxPoolHandling {
        /** Replaced by avgpool2d of the same kernel, stride and padding (approximate). */
        AVERAGE,
        /** Conversion fails with an {@link IllegalArgumentException}. */
        REJECT
    }

    /**
     * Conversion settings.
     *
     * @param normalisation   MAX or PERCENTILE
     * @param percentile      percentile level in (0, 100], used with PERCENTILE
     * @param initialMembrane ZERO or HALF_THRESHOLD
     * @param maxPool         AVERAGE or REJECT
     */
    public record Config(Normalisation normalisation, double percentile, InitialMembrane initialMembrane,
                         MaxPoolHandling maxPool) {
        public Config {
            Objects.requireNonNull(normalisation, "normalisation");
            Objects.requireNonNull(initialMembrane, "initialMembrane");
            Objects.requireNonNull(maxPool, "maxPool");
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
            }
        }

        /** PERCENTILE 99.9, HALF_THRESHOLD, maxpool replaced by avgpool. */
        public static Config defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder with the {@link #defaults()}. */
        public static final class Builder {
            private Normalisation normalisation = Normalisation.PERCENTILE;
            private double percentile = ActivationCalibration.DEFAULT_PERCENTILE;
            private InitialMembrane initialMembrane = InitialMembrane.HALF_THRESHOLD;
            private MaxPoolHandling maxPool = MaxPoolHandling.AVERAGE;

            private Builder() {
            }

            public Builder normalisation(Normalisation v) {
                normalisation = v;
                return this;
            }

            /** Percentile level in (0, 100]; also selects {@link Normalisation#PERCENTILE}. */
            public Builder percentile(double v) {
                percentile = v;
                normalisation = Normalisation.PERCENTILE;
                return this;
            }

            public Builder initialMembrane(InitialMembrane v) {
                initialMembrane = v;
                return this;
            }

            public Builder maxPool(MaxPoolHandling v) {
                maxPool = v;
                return this;
            }

            public Config build() {
                return new Config(normalisation, percentile, initialMembrane, maxPool);
            }
        }
    }

    /**
     * A conversion's result.
     *
     * @param network    the spiking network
     * @param scales     λ_l of each activation layer, in order (percentile/max, or the QCFS threshold)
     * @param statistics calibration statistics of each activation layer of the folded ANN, in order
     * @param folded     the ANN with batch norms folded (what was calibrated)
     */
    public record Conversion(Network network, List<Float> scales, List<ActivationCalibration.LayerStatistics> statistics,
                             Network folded) {
        public Conversion {
            scales = List.copyOf(scales);
            statistics = List.copyOf(statistics);
        }
    }

    private AnnToSnnConverter() {
    }

    /** {@link #convert(Network, float[], Config)} with {@link Config#defaults()}. */
    public static Conversion convert(Network ann, float[] calibration) {
        return convert(ann, calibration, Config.defaults());
    }

    /**
     * Converts {@code ann} (not mutated).
     *
     * @param calibration calibration inputs {@code [S, F]}, S ≥ 1
     * @throws IllegalArgumentException for an unsupported layer (index, type and supported types named),
     *                                  a maxpool2d with {@link MaxPoolHandling#REJECT}, a bad calibration set,
     *                                  or an activation whose scale is not positive
     */
    public static Conversion convert(Network ann, float[] calibration, Config config) {
        ActivationCalibration.requireSupported(ann);
        if (config.maxPool() == MaxPoolHandling.REJECT) {
            for (int i = 0; i < ann.layers().size(); i++) {
                if (ann.layers().get(i) instanceof MaxPool2d) {
                    throw new IllegalArgumentException("layer " + i + " (maxpool2d): max pooling of spikes is not "
                            + "max pooling of rates; use MaxPoolHandling.AVERAGE to replace it by avgpool2d or train "
                            + "the ANN with avgpool2d");
                }
            }
        }
        Network folded = BatchNormFolding.fold(ann);
        List<ActivationCalibration.LayerStatistics> stats = ActivationCalibration.calibrate(folded, calibration,
                config.percentile());
        List<Layer> layers = folded.layers();
        List<LayerSpec> specs = new ArrayList<>();
        List<Integer> source = new ArrayList<>();
        List<Float> weightScale = new ArrayList<>();
        List<Float> scales = new ArrayList<>();
        float incoming = 1f;
        int act = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Dropout) {
                continue;
            }
            LayerSpec spec = l.spec();
            float ws = 1f;
            if (ActivationCalibration.isActivation(l)) {
                ActivationCalibration.LayerStatistics st = stats.get(act++);
                float lambda = scaleOf(l, st, config);
                if (!(lambda > 0f) || !Float.isFinite(lambda)) {
                    throw new IllegalArgumentException("layer " + i + " (" + spec.type() + ") has scale λ = " + lambda
                            + " on the calibration set (max " + st.max() + ", " + st.percentileLevel()
                            + "th percentile " + st.percentile() + "); a positive λ is needed: the layer never "
                            + "activates, check the calibration set or use Normalisation.MAX");
                }
                scales.add(lambda);
                spec = IfSpec.builder().threshold(lambda / incoming).reset(Reset.SUBTRACT)
                        .learnThreshold(LearnMode.FIXED)
                        .initialMembrane(config.initialMembrane() == InitialMembrane.HALF_THRESHOLD ? 0.5f : 0f)
                        .build();
                incoming = lambda;
            } else if (l instanceof Linear || l instanceof Conv2d) {
                ws = incoming;
                incoming = 1f;
            } else if (spec instanceof MaxPool2d.Spec mp) {
                spec = new AvgPool2d.Spec(mp.kernelSize(), mp.stride(), mp.padding());
            }
            specs.add(spec);
            source.add(i);
            weightScale.add(ws);
        }
        Network snn = new NetworkSpec(folded.inputShape(), specs).build(0);
        for (int j = 0; j < specs.size(); j++) {
            Layer from = layers.get(source.get(j));
            Layer to = snn.layers().get(j);
            if (from instanceof Linear || from instanceof Conv2d) {
                List<Parameter> pf = from.parameters();
                List<Parameter> pt = to.parameters();
                float s = weightScale.get(j);
                for (int k = 0; k < pf.size(); k++) {
                    float[] a = pf.get(k).value();
                    float[] b = pt.get(k).value();
                    boolean weight = pf.get(k).name().equals("weight");
                    for (int e = 0; e < a.length; e++) {
                        b[e] = weight ? a[e] * s : a[e];
                    }
                    pt.get(k).markModified();
                }
            }
        }
        return new Conversion(snn, scales, stats, folded);
    }

    /** λ of an activation layer: QCFS's trained threshold, or the ReLU statistic chosen by the config. */
    private static float scaleOf(Layer layer, ActivationCalibration.LayerStatistics st, Config config) {
        if (layer instanceof Qcfs q) {
            return q.threshold();
        }
        return config.normalisation() == Normalisation.MAX ? st.max() : st.percentile();
    }
}
