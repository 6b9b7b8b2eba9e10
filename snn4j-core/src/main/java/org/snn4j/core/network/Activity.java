package org.snn4j.core.network;

/**
 * One layer's input or output during a forward pass, as handed to a {@link LayerObserver}: the
 * values of {@code steps} time steps of {@code batch} samples with {@code features} values each.
 *
 * <p>Two layouts: a sequence ({@code constantOverTime = false}) holds {@code [T, B, N]} values,
 * row {@code t·B + b}; a time-invariant block ({@code constantOverTime = true}, the leading
 * stateless layers of {@link Network#forwardTimeInvariant}) holds only {@code [B, N]} values that
 * stand for the same row at each of the {@code T} steps. {@link #value(int, int, int)} reads both.
 *
 * <p>The array is the layer's own buffer (or the caller's input), not a copy: an observer reads it
 * during its call and must neither keep nor modify it.
 *
 * @param values           {@code [T, B, N]} or, when constant over time, {@code [B, N]}
 * @param steps            T, the number of time steps the values stand for
 * @param batch            B
 * @param features         N, values per sample and step
 * @param constantOverTime whether {@code values} holds one {@code [B, N]} block shared by all steps
 */
public record Activity(float[] values, int steps, int batch, int features, boolean constantOverTime) {

    /** Number of {@code [B, N]} blocks stored: 1 when constant over time, else T. */
    public int storedSteps() {
        return constantOverTime ? 1 : steps;
    }

    /** Offset in {@link #values()} of sample {@code b} at step {@code t} (for both layouts). */
    public int offset(int t, int b) {
        return ((constantOverTime ? 0 : t) * batch + b) * features;
    }

    /** The value of feature {@code n} of sample {@code b} at step {@code t}. */
    public float value(int t, int b, int n) {
        return values[offset(t, b) + n];
    }
}
