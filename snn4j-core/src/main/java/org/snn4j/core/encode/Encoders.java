package org.snn4j.core.encode;

import java.util.List;
import java.util.Locale;

/** Builds encoders from their stable names with default settings. */
public final class Encoders {
    /** The names {@link #byName} knows ({@code "rate"} is an alias of {@code "poisson"}). */
    public static final List<String> NAMES =
            List.of(DirectEncoder.NAME, RateEncoder.NAME, "rate", LatencyEncoder.NAME, DeltaEncoder.NAME);

    private Encoders() {
    }

    /**
     * {@code "direct"} → {@link DirectEncoder}; {@code "poisson"} or {@code "rate"} →
     * {@link RateEncoder} with gain 1; {@code "latency"} → linear {@link LatencyEncoder} with
     * θ = 0.01; {@code "delta"} → {@link DeltaEncoder} with θ = 0.1, ON polarity.
     * Case-insensitive, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException naming the unknown value and the known names
     */
    public static Encoder byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case DirectEncoder.NAME -> new DirectEncoder();
            case RateEncoder.NAME, "rate" -> new RateEncoder();
            case LatencyEncoder.NAME -> new LatencyEncoder();
            case DeltaEncoder.NAME -> new DeltaEncoder();
            default -> throw new IllegalArgumentException("unknown encoder '" + name + "'; known encoders: "
                    + String.join(", ", NAMES));
        };
    }
}
