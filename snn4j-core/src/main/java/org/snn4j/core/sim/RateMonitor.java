package org.snn4j.core.sim;

import java.util.Arrays;

/**
 * The population rate of a {@link SpikeSource} in bins of {@code binSteps} steps:
 * {@code rate = spikes in bin / (size · binSteps · dt)} in Hz, one value per completed bin.
 */
public final class RateMonitor implements Monitor {
    private final SpikeSource source;
    private final int binSteps;
    private final double binSeconds;
    private long inBin;
    private int stepsInBin;
    private double[] rates = new double[64];
    private int bins;

    RateMonitor(SpikeSource source, int binSteps, double dtMs) {
        if (binSteps < 1) {
            throw new IllegalArgumentException("rate bin must be >= 1 step, got " + binSteps);
        }
        this.source = source;
        this.binSteps = binSteps;
        this.binSeconds = binSteps * dtMs / 1000.0;
    }

    @Override
    public void record(long step) {
        inBin += source.spikeCount();
        if (++stepsInBin == binSteps) {
            if (bins == rates.length) {
                rates = Arrays.copyOf(rates, bins * 2);
            }
            rates[bins++] = inBin / (source.size() * binSeconds);
            inBin = 0;
            stepsInBin = 0;
        }
    }

    /** The bin length in steps. */
    public int binSteps() {
        return binSteps;
    }

    /** The rate of every completed bin in Hz (a copy). */
    public double[] rates() {
        return Arrays.copyOf(rates, bins);
    }
}
