package org.snn4j.core.metrics;

/**
 * Synaptic operations per sample, NeuroBench's three figures.
 *
 * @param dense         every multiply-accumulate a dense implementation performs (zero inputs and
 *                      zero weights included)
 * @param effectiveMacs operations with a non-zero weight and a non-zero input, in layers whose input
 *                      at that step is not binary (values outside {−1, 0, 1}): multiply-accumulates
 * @param effectiveAcs  the same in layers whose input at that step lies in {−1, 0, 1} (spikes):
 *                      accumulates, since the multiplication is a sign
 */
public record OperationCounts(double dense, double effectiveMacs, double effectiveAcs) {

    /** {@code effectiveMacs + effectiveAcs}. */
    public double effective() {
        return effectiveMacs + effectiveAcs;
    }
}
