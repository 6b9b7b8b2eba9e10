package org.snn4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.convert.AnnToSnnConverter;
import org.snn4j.core.data.Dataset;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Provenance;

/**
 * How {@code snn4j convert} and a suite's convert entries turn an ANN model into an SNN model:
 * thresholds from the first {@code calibration} training images, then an ordinary model with
 * direct input and the {@code ce-count} read-out whose provenance names the source.
 *
 * @param norm        threshold from each layer's maximum or percentile
 * @param percentile  percentile for PERCENTILE, in (0, 100]
 * @param init        initial membrane of the IF layers
 * @param calibration training images used for calibration, ≥ 1
 */
record ConversionRecipe(AnnToSnnConverter.Normalisation norm, double percentile, AnnToSnnConverter.InitialMembrane init,
                        int calibration) {

    ConversionRecipe {
        if (calibration < 1 || calibration > 1_000_000) {
            throw new CliException("calibration must be between 1 and 1e6 images, got " + calibration);
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new CliException("percentile must be in (0, 100], got " + percentile);
        }
    }

    /** The converter settings. */
    AnnToSnnConverter.Config config() {
        AnnToSnnConverter.Config.Builder b = AnnToSnnConverter.Config.builder().normalisation(norm).initialMembrane(init);
        if (norm == AnnToSnnConverter.Normalisation.PERCENTILE) {
            b.percentile(percentile);
        }
        return b.build();
    }

    /** The first {@code min(calibration, train.size())} training images, {@code [n, F]}. */
    float[] calibrationImages(Model ann, Dataset train) {
        int features = ann.network().inputShape().size();
        if (train.sampleShape().size() != features) {
            throw new CliException("the data set's samples have " + train.sampleShape().size() + " values but the model takes "
                    + features + "; give the data set the ANN was trained on");
        }
        int n = Math.min(calibration, train.size());
        float[] calib = new float[n * features];
        for (int i = 0; i < n; i++) {
            train.copyFeatures(i, calib, i * features);
        }
        return calib;
    }

    /**
     * Converts {@code ann} with thresholds from {@code train}.
     *
     * @throws CliException naming {@code source} when the network cannot be converted
     */
    AnnToSnnConverter.Conversion convert(Model ann, Dataset train, String source) {
        try {
            return AnnToSnnConverter.convert(ann.network(), calibrationImages(ann, train), config());
        } catch (IllegalArgumentException e) {
            throw new CliException("cannot convert " + source + ": " + e.getMessage(), e);
        }
    }

    /** The converted network as a model run for {@code steps} steps, with its provenance. */
    Model model(AnnToSnnConverter.Conversion conversion, Model ann, String source, int steps, String dataset,
                List<String> classNames, int threads, int calibrationImages) {
        return new Model(conversion.network(), "direct", steps, "ce-count", dataset, classNames,
                Provenance.capture(ann.provenance().seed(), threads, Map.of("converted_from", source,
                        "normalisation", norm.name().toLowerCase(Locale.ROOT), "percentile", Double.toString(percentile),
                        "initial_membrane", init.name().toLowerCase(Locale.ROOT),
                        "calibration_images", Integer.toString(calibrationImages))));
    }
}
