package org.snn4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.snn4j.core.network.Model;
import org.snn4j.core.train.TrainingListener;

/**
 * A training callback that saves the model after every epoch (or every {@code every} epochs) to one
 * file, replacing it atomically, so an interrupted run keeps its latest complete epoch. The model
 * is taken from {@code model} at save time (it wraps the network being trained).
 */
public final class ModelCheckpoint implements TrainingListener {
    private final Path file;
    private final Supplier<Model> model;
    private final int every;

    /**
     * @param file  the checkpoint file, replaced at each save
     * @param model supplies the model to save (network plus metadata)
     * @param every save after every {@code every}-th epoch, ≥ 1
     */
    public ModelCheckpoint(Path file, Supplier<Model> model, int every) {
        this.file = Objects.requireNonNull(file, "file");
        this.model = Objects.requireNonNull(model, "model");
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + every);
        }
        this.every = every;
    }

    public Path file() {
        return file;
    }

    @Override
    public void onEpochEnd(EpochReport report) {
        if ((report.epoch() + 1) % every != 0) {
            return;
        }
        try {
            ModelFile.save(model.get(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
