package org.snn4j.core.network;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.snn4j.core.Version;
import org.snn4j.core.kernel.Simd;

/**
 * Where a model came from: enough to reproduce it. Same config, seed and thread count on the same
 * snn4j version give the same weights.
 *
 * @param snn4jVersion the snn4j release that trained it
 * @param jdk          {@code java.vendor java.version} of the training JVM
 * @param simd         SIMD mode and width used ({@link Simd#describe()})
 * @param threads      worker threads used
 * @param seed         the run's seed
 * @param config       the run's configuration as key → value text (sorted)
 * @param createdAt    ISO-8601 instant the model was written
 */
public record Provenance(String snn4jVersion, String jdk, String simd, int threads, long seed,
                         Map<String, String> config, String createdAt) {

    public Provenance {
        Objects.requireNonNull(snn4jVersion, "snn4jVersion");
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(simd, "simd");
        config = Map.copyOf(new TreeMap<>(config));
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Provenance of a run in this JVM now. */
    public static Provenance capture(long seed, int threads, Map<String, String> config) {
        return new Provenance(Version.get(),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                Simd.describe(), threads, seed, config, Instant.now().toString());
    }

    /** The config as a sorted map (records keep an unordered copy). */
    public TreeMap<String, String> sortedConfig() {
        return new TreeMap<>(config);
    }
}
