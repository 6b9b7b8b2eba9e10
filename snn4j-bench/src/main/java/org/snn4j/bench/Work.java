package org.snn4j.bench;

import java.util.Map;

/**
 * The work one benchmark operation does, from which {@link RunBenchmarks} derives a rate:
 * {@code rate = amount / secondsPerOp / 1e9}, in {@link Unit#rateLabel()}.
 *
 * @param amount floating-point operations or bytes per operation, &gt; 0
 * @param unit   what {@code amount} counts
 */
public record Work(double amount, Unit unit) {

    /** What a work amount counts, and the label of the derived rate. */
    public enum Unit {
        /** Floating-point operations; rate in GFLOP/s. */
        FLOP("GFLOP/s"),
        /** Bytes read plus bytes written; rate in GB/s (10⁹ bytes per second). */
        BYTE("GB/s");

        private final String rateLabel;

        Unit(String rateLabel) {
            this.rateLabel = rateLabel;
        }

        /** {@code "GFLOP/s"} or {@code "GB/s"}. */
        public String rateLabel() {
            return rateLabel;
        }
    }

    /**
     * The work per operation of one benchmark method of a benchmark class, given the values of its
     * JMH parameters. Each benchmark class provides one as a static method
     * {@code workPerOp(String method, Map<String, String> params)}.
     */
    @FunctionalInterface
    public interface Model {
        /**
         * @param method the benchmark method's name, e.g. {@code "forward"}
         * @param params JMH parameter name → value as JMH prints it, e.g. {@code "shape" → "T25_B128_N1000"}
         */
        Work of(String method, Map<String, String> params);
    }

    public Work {
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be finite and > 0, got " + amount);
        }
        if (unit == null) {
            throw new IllegalArgumentException("unit must not be null");
        }
    }

    /** {@code amount / secondsPerOp / 1e9}: GFLOP/s or GB/s. */
    public double rate(double secondsPerOp) {
        if (!(secondsPerOp > 0)) {
            throw new IllegalArgumentException("secondsPerOp must be > 0, got " + secondsPerOp);
        }
        return amount / secondsPerOp / 1e9;
    }
}
