package org.snn4j.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snn4j.core.convert.AnnToSnnConverter;

/**
 * A benchmark suite file: the models {@code snn4j bench suite} trains (or converts, or loads, or
 * learns with STDP) and measures, in order, on one data set with one seed. Example (an excerpt of
 * the bundled default, {@code suites/default.json}, plus a saved model):
 * <pre>
 * {
 *   "name": "default", "dataset": "fashion-mnist", "seed": 42,
 *   "models": [
 *     {"name": "fc",           "train":   {"model": "fc", "epochs": 3}},
 *     {"name": "ann-conv",     "train":   {"model": "ann-conv", "epochs": 3}},
 *     {"name": "ann-conv→snn", "convert": {"from": "ann-conv", "steps": 32}},
 *     {"name": "saved",        "load":    {"file": "runs/x/model.snn4j"}},
 *     {"name": "stdp",         "stdp":    {"neurons": 100, "train": 20000, "label": 5000}}
 *   ]
 * }
 * </pre>
 * Unknown keys are errors, so a misspelt option never passes silently.
 *
 * @param name    suite name, for the report
 * @param dataset data set of every entry (e.g. fashion-mnist, mnist)
 * @param seed    seed of every training run
 * @param models  the entries, at least one, names unique
 */
record Suite(String name, String dataset, Long seed, List<Entry> models) {

    /**
     * One model: exactly one of {@code train}, {@code convert}, {@code load}, {@code stdp}.
     *
     * @param name    unique name, used in tables, plots and file names
     * @param train   train a preset or architecture file
     * @param convert convert an earlier entry's trained ANN
     * @param load    measure a saved model file
     * @param stdp    learn Diehl &amp; Cook's network without labels, as {@code snn4j stdp} does
     */
    record Entry(String name, Train train, Convert convert, Load load, Stdp stdp) {
    }

    /**
     * @param model     preset name or JSON architecture file
     * @param epochs    epochs (≥ 1)
     * @param steps     T, or null for the preset's
     * @param batchSize training batch, or null for 128
     * @param augment   augmentation, or null for the preset's
     */
    record Train(String model, Integer epochs, Integer steps, @JsonProperty("batch_size") Integer batchSize, String augment) {
    }

    /**
     * @param from        name of an earlier {@code train} or {@code load} entry holding an ANN
     * @param steps       T of the converted network (the sweep covers powers of two below it)
     * @param norm        percentile (default) or max
     * @param percentile  percentile level (default 99.9)
     * @param init        half_threshold (default) or zero
     * @param calibration calibration images (default 1000)
     */
    record Convert(String from, Integer steps, String norm, Double percentile, String init, Integer calibration) {
        ConversionRecipe recipe() {
            AnnToSnnConverter.Normalisation n = norm == null ? AnnToSnnConverter.Normalisation.PERCENTILE
                    : CliEnums.parse(AnnToSnnConverter.Normalisation.class, norm, "suite: \"norm\": \"" + norm + "\"");
            AnnToSnnConverter.InitialMembrane i = init == null ? AnnToSnnConverter.InitialMembrane.HALF_THRESHOLD
                    : CliEnums.parse(AnnToSnnConverter.InitialMembrane.class, init, "suite: \"init\": \"" + init + "\"");
            return new ConversionRecipe(n, percentile == null ? 99.9 : percentile, i, calibration == null ? 1000 : calibration);
        }
    }

    /** @param file a saved model file */
    record Load(String file) {
    }

    /**
     * Diehl &amp; Cook's (2015) unsupervised STDP network, built, trained, labelled and tested as
     * {@code snn4j stdp} does with its defaults for every other setting ({@link StdpJob}), the
     * suite's seed, and the suite's test set.
     *
     * @param neurons excitatory (and inhibitory) neurons, 1 … 10 000 (required)
     * @param train   training images, one pass in order (default: all; at most {@code --limit-train})
     * @param label   images of the labelling pass (default: {@code snn4j stdp}'s, 10 000 or all if
     *                fewer; at most {@code --limit-train})
     * @param steps   steps of 1 ms per image (default: {@code snn4j stdp}'s, 250)
     */
    record Stdp(Integer neurons, Integer train, Integer label, Integer steps) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The bundled default suite. */
    static Suite defaultSuite() throws IOException {
        try (InputStream in = Suite.class.getResourceAsStream("/suites/default.json")) {
            if (in == null) {
                throw new IllegalStateException("the default suite resource /suites/default.json is missing from the jar");
            }
            return parse(in.readAllBytes(), "the default suite");
        }
    }

    /** Reads and checks a suite file. */
    static Suite read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("suite file " + file + " does not exist; give a JSON suite file (see docs/benchmarking.md) "
                    + "or no argument for the default suite");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static Suite parse(byte[] json, String source) {
        Suite s;
        try {
            s = MAPPER.readValue(json, Suite.class);
        } catch (JsonProcessingException e) {
            throw new CliException("suite " + source + " is not a valid suite: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new CliException("cannot read suite " + source + ": " + e.getMessage(), e);
        }
        s.check(source);
        return s;
    }

    private void check(String source) {
        String where = "suite " + source + ": ";
        if (dataset == null || dataset.isBlank()) {
            throw new CliException(where + "\"dataset\" is missing (e.g. \"fashion-mnist\")");
        }
        if (models == null || models.isEmpty()) {
            throw new CliException(where + "\"models\" must list at least one model");
        }
        Set<String> names = new HashSet<>();
        Set<String> trained = new HashSet<>();
        for (Entry e : models) {
            if (e.name() == null || e.name().isBlank()) {
                throw new CliException(where + "every model needs a \"name\"");
            }
            if (!names.add(e.name())) {
                throw new CliException(where + "model name \"" + e.name() + "\" appears twice; names must be unique");
            }
            int kinds = (e.train() != null ? 1 : 0) + (e.convert() != null ? 1 : 0) + (e.load() != null ? 1 : 0)
                    + (e.stdp() != null ? 1 : 0);
            if (kinds != 1) {
                throw new CliException(where + "model \"" + e.name() + "\" needs exactly one of \"train\", \"convert\", \"load\", "
                        + "\"stdp\"" + (kinds > 1 ? ", not " + kinds : ""));
            }
            if (e.train() != null) {
                Train t = e.train();
                if (t.model() == null || t.model().isBlank()) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"train\" needs a \"model\" (a preset: "
                            + String.join(", ", Presets.names()) + ", or a JSON architecture file)");
                }
                if (t.epochs() == null || t.epochs() < 1 || t.epochs() > 10_000) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"epochs\" must be between 1 and 10000, got "
                            + t.epochs());
                }
                if (t.steps() != null && (t.steps() < 1 || t.steps() > 100_000)) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"steps\" must be between 1 and 100000");
                }
                if (t.batchSize() != null && (t.batchSize() < 1 || t.batchSize() > 65_536)) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"batch_size\" must be between 1 and 65536");
                }
            }
            if (e.convert() != null) {
                Convert c = e.convert();
                if (c.from() == null || !trained.contains(c.from())) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"from\" must name an earlier train or load "
                            + "entry, got " + (c.from() == null ? "nothing" : "\"" + c.from() + "\""));
                }
                if (c.steps() == null || c.steps() < 1 || c.steps() > 100_000) {
                    throw new CliException(where + "model \"" + e.name() + "\": \"steps\" must be between 1 and 100000, got "
                            + c.steps());
                }
                c.recipe();
            }
            if (e.load() != null && (e.load().file() == null || e.load().file().isBlank())) {
                throw new CliException(where + "model \"" + e.name() + "\": \"load\" needs a \"file\"");
            }
            if (e.stdp() != null) {
                Stdp st = e.stdp();
                String at = where + "model \"" + e.name() + "\": \"stdp\" ";
                if (st.neurons() == null || st.neurons() < 1 || st.neurons() > 10_000) {
                    throw new CliException(at + "needs \"neurons\" between 1 and 10000, got "
                            + (st.neurons() == null ? "nothing" : st.neurons()));
                }
                if (st.train() != null && st.train() < 1) {
                    throw new CliException(at + "\"train\" must be at least 1 image, got " + st.train());
                }
                if (st.label() != null && st.label() < 1) {
                    throw new CliException(at + "\"label\" must be at least 1 image, got " + st.label());
                }
                if (st.steps() != null && (st.steps() < 1 || st.steps() > 100_000)) {
                    throw new CliException(at + "\"steps\" must be between 1 and 100000, got " + st.steps());
                }
            }
            if (e.train() != null || e.load() != null) {
                trained.add(e.name());
            }
        }
    }

    /** The seed of every training run (default 42). */
    long seedOrDefault() {
        return seed == null ? 42 : seed;
    }
}
