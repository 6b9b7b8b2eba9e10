package org.snn4j.core.sim.models;

/** Summary statistics of recorded spike trains. */
public final class SpikeStatistics {
    private SpikeStatistics() {
    }

    /**
     * The mean over neurons with at least three spikes of the coefficient of variation of their
     * inter-spike intervals, {@code CV = std(ISI) / mean(ISI)} (population standard deviation);
     * {@code NaN} when no neuron has three spikes.
     *
     * @param steps   step of each spike, in non-decreasing order
     * @param neurons neuron of each spike
     * @param size    number of neurons
     */
    public static double meanIsiCv(long[] steps, int[] neurons, int size) {
        long[] last = new long[size];
        int[] count = new int[size];
        double[] sum = new double[size];
        double[] sumSq = new double[size];
        for (int k = 0; k < steps.length; k++) {
            int n = neurons[k];
            if (count[n] > 0) {
                double isi = steps[k] - last[n];
                sum[n] += isi;
                sumSq[n] += isi * isi;
            }
            last[n] = steps[k];
            count[n]++;
        }
        double total = 0;
        int used = 0;
        for (int n = 0; n < size; n++) {
            int intervals = count[n] - 1;
            if (intervals >= 2) {
                double mean = sum[n] / intervals;
                double var = Math.max(0, sumSq[n] / intervals - mean * mean);
                total += Math.sqrt(var) / mean;
                used++;
            }
        }
        return used == 0 ? Double.NaN : total / used;
    }
}
