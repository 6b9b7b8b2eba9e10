package org.snn4j.core.loss;

import java.util.List;
import java.util.Locale;

/** Builds losses from their stable names, with default settings. */
public final class Losses {
    /** The names {@link #byName} knows, in a stable order. */
    public static final List<String> NAMES =
            List.of(CrossEntropyCountLoss.NAME, CrossEntropyMembraneLoss.NAME, MseCountLoss.NAME);

    private Losses() {
    }

    /**
     * {@code "ce-count"} → {@link CrossEntropyCountLoss}; {@code "ce-membrane"} →
     * {@link CrossEntropyMembraneLoss} with the membrane-sum read-out; {@code "mse-count"} →
     * {@link MseCountLoss#defaults()} (rates 0.8 / 0.2). Case-insensitive, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming the unknown value and the known names
     */
    public static Loss byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case CrossEntropyCountLoss.NAME -> new CrossEntropyCountLoss();
            case CrossEntropyMembraneLoss.NAME -> new CrossEntropyMembraneLoss();
            case MseCountLoss.NAME -> MseCountLoss.defaults();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; known losses: "
                    + String.join(", ", NAMES));
        };
    }
}
