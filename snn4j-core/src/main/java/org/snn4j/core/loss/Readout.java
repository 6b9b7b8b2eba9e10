package org.snn4j.core.loss;

import org.snn4j.core.network.NetworkOutput;

/**
 * How class scores {@code [B, N]} are read from a network output {@code [T, B, N]}; the predicted
 * class is the argmax of a sample's scores (first index on ties).
 */
public enum Readout {
    /** {@code score[b,n] = Σ_t output[t,b,n]}: the spike count of each output neuron. */
    SPIKE_COUNT,
    /**
     * {@code score[b,n] = Σ_t membrane[t,b,n]}: the membrane potential summed over steps; needs
     * {@link NetworkOutput#membrane()}.
     */
    MEMBRANE_SUM;

    /**
     * Computes the scores of this read-out.
     *
     * @return a new {@code [B, N]} array (sums accumulated in double, stored as float)
     * @throws IllegalArgumentException if the needed array is missing or too short
     */
    public float[] scores(NetworkOutput out) {
        float[] source = this == SPIKE_COUNT ? out.output() : out.membrane();
        String what = this == SPIKE_COUNT ? "output" : "membrane";
        LossSupport.checkSeries(out, source, what);
        double[] sums = LossSupport.sumOverSteps(source, out.steps(), out.batch() * out.classes());
        float[] scores = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            scores[i] = (float) sums[i];
        }
        return scores;
    }

    /**
     * The predicted class of every sample: the index of the largest score in each row of
     * {@code scores [B, N]} (the first one on ties).
     *
     * @return a new array of B class indices
     */
    public static int[] argmax(float[] scores, int batch, int classes) {
        if (batch <= 0 || classes <= 0 || scores.length < (long) batch * classes) {
            throw new IllegalArgumentException("scores of length " + scores.length
                    + " cannot hold batch=" + batch + " × classes=" + classes);
        }
        int[] pred = new int[batch];
        for (int b = 0; b < batch; b++) {
            int base = b * classes;
            int best = 0;
            float max = scores[base];
            for (int n = 1; n < classes; n++) {
                if (scores[base + n] > max) {
                    max = scores[base + n];
                    best = n;
                }
            }
            pred[b] = best;
        }
        return pred;
    }
}
