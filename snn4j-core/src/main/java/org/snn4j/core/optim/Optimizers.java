package org.snn4j.core.optim;

import java.util.List;
import java.util.Locale;

/** Builds optimisers from their stable names with PyTorch's default hyper-parameters. */
public final class Optimizers {
    /** The names {@link #byName} knows. */
    public static final List<String> NAMES = List.of(Sgd.NAME, Adam.NAME, AdamW.NAME);

    private Optimizers() {
    }

    /**
     * {@code "sgd"} → {@link Sgd} without momentum or decay; {@code "adam"} →
     * {@link AdamConfig#adamDefaults}; {@code "adamw"} → {@link AdamConfig#adamWDefaults}.
     * Case-insensitive, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming an unknown name (with the known ones) or a bad lr
     */
    public static Optimizer byName(String name, float learningRate) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case Sgd.NAME -> new Sgd(learningRate);
            case Adam.NAME -> new Adam(learningRate);
            case AdamW.NAME -> new AdamW(learningRate);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; known optimizers: "
                    + String.join(", ", NAMES));
        };
    }
}
