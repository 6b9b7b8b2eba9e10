package org.snn4j.core.layer;

/**
 * A layer that maps every row (one sample at one time step) independently and identically, with
 * no state carried across time. For such a layer, an input that is the same at every step gives an
 * output that is the same at every step, so it may be computed on the {@code B} distinct rows only
 * and broadcast over time — an exact shortcut the network uses for direct-encoded inference.
 */
public interface StatelessLayer extends TimeLocalLayer {

    /**
     * Forward over {@code rows} independent rows of the input shape (instead of {@code T·B}).
     * Same buffer ownership rules as {@link Layer#forward}.
     */
    float[] forwardRows(float[] input, int rows, RunContext ctx);
}
