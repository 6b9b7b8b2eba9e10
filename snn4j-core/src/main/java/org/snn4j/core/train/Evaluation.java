package org.snn4j.core.train;

/**
 * The result of evaluating a model on a labelled data set.
 *
 * @param samples          number of samples evaluated
 * @param accuracy         fraction predicted correctly
 * @param loss             mean loss
 * @param confusion        {@code confusion[true][predicted]} counts
 * @param outputRate       mean output spike rate per neuron and step of the last layer
 * @param seconds          wall time
 * @param samplesPerSecond throughput
 */
public record Evaluation(int samples, double accuracy, double loss, int[][] confusion, double outputRate,
                         double seconds, double samplesPerSecond) {

    /** Per-class recall: {@code confusion[c][c] / Σ_p confusion[c][p]} (NaN for an empty class). */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (int v : confusion[c]) {
                total += v;
            }
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }
}
