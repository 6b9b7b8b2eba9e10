package org.snn4j.core.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Independent Poisson spike trains on the simulation clock: channel {@code i} spikes in each step
 * with probability {@code p_i = min(1, rate_i · dt)} (rates in Hz, {@code dt} in seconds),
 * independently of every other step and channel — the same process as Brian2's {@code
 * PoissonGroup} or a per-step Bernoulli draw.
 *
 * <p>It is generated event by event: the gap to a channel's next spike is drawn from the geometric
 * distribution {@code G = 1 + ⌊ln U / ln(1 − p)⌋}, {@code U ~ U(0, 1]}, which is exactly the
 * waiting time of those Bernoulli trials, and the spike is filed in a calendar of {@value #WINDOW}
 * step buckets (later ones wait in an overflow list that is scanned once per {@value #WINDOW}
 * steps). The cost is proportional to the number of spikes, not to channels × steps. Changing the
 * rates redraws every channel's next spike from the current step, which is exact because the
 * process is memoryless.
 */
public final class PoissonSource extends SpikeSource {
    static final int WINDOW = 1024;
    private static final int MASK = WINDOW - 1;

    private final double dtSeconds;
    private final SplittableRandom rng;
    private final float[] rates;
    private final double[] logQ;
    private final long[] next;
    private final int[][] buckets = new int[WINDOW][];
    private final int[] bucketSize = new int[WINDOW];
    private int[] far = new int[16];
    private int farSize;
    private long windowStart;
    private long now;

    PoissonSource(String name, int size, double dtMs, SplittableRandom rng) {
        super(name, size);
        this.dtSeconds = dtMs / 1000.0;
        this.rng = rng;
        this.rates = new float[size];
        this.logQ = new double[size];
        this.next = new long[size];
        for (int b = 0; b < WINDOW; b++) {
            buckets[b] = new int[4];
        }
        Arrays.fill(next, Long.MAX_VALUE);
    }

    /** A copy of the current rates in Hz. */
    public float[] rates() {
        return rates.clone();
    }

    /** Sets every channel to the same rate (Hz); see {@link #setRates(float[])}. */
    public void setRate(double hz) {
        float[] r = new float[size()];
        Arrays.fill(r, (float) hz);
        setRates(r);
    }

    /**
     * Sets the rate of every channel (Hz, copied) from the next step on and redraws all next
     * spikes from that step.
     *
     * @throws IllegalArgumentException if the length is not {@link #size()} or a rate is negative or not finite
     */
    public void setRates(float[] hz) {
        if (hz == null || hz.length != size()) {
            throw new IllegalArgumentException("rates for '" + name() + "' must have " + size() + " values, got "
                    + (hz == null ? "null" : hz.length));
        }
        for (int i = 0; i < hz.length; i++) {
            if (!(hz[i] >= 0f) || !Float.isFinite(hz[i])) {
                throw new IllegalArgumentException("rate[" + i + "] of '" + name() + "' must be finite and >= 0 Hz, got " + hz[i]);
            }
        }
        System.arraycopy(hz, 0, rates, 0, hz.length);
        for (int i = 0; i < hz.length; i++) {
            double p = Math.min(1.0, hz[i] * dtSeconds);
            logQ[i] = p >= 1.0 ? Double.NEGATIVE_INFINITY : Math.log1p(-p);
        }
        rescheduleAll(now);
    }

    private void rescheduleAll(long from) {
        Arrays.fill(bucketSize, 0);
        farSize = 0;
        windowStart = from - Math.floorMod(from, WINDOW);
        for (int i = 0; i < size(); i++) {
            schedule(i, from - 1);
        }
    }

    /** Draws channel {@code i}'s next spike after step {@code last} and files it. */
    private void schedule(int i, long last) {
        double lq = logQ[i];
        if (lq == 0.0) {
            next[i] = Long.MAX_VALUE;
            return;
        }
        long gap = 1;
        if (lq != Double.NEGATIVE_INFINITY) {
            double u = 1.0 - rng.nextDouble();              // (0, 1]
            double g = Math.floor(Math.log(u) / lq);
            gap = g >= 1e15 ? Long.MAX_VALUE / 4 : 1 + (long) g;
        }
        long s = last + gap;
        next[i] = s;
        if (s < windowStart + WINDOW) {
            fileInBucket(i, s);
        } else {
            if (farSize == far.length) {
                far = Arrays.copyOf(far, far.length * 2);
            }
            far[farSize++] = i;
        }
    }

    /** Files channel {@code i} in the bucket of step {@code s}, which lies in the current window. */
    private void fileInBucket(int i, long s) {
        int b = (int) (s & MASK);
        int[] bucket = buckets[b];
        if (bucketSize[b] == bucket.length) {
            buckets[b] = bucket = Arrays.copyOf(bucket, bucket.length * 2);
        }
        bucket[bucketSize[b]++] = i;
    }

    @Override
    void advance(long step) {
        if (step >= windowStart + WINDOW) {
            windowStart = step - Math.floorMod(step, WINDOW);
            int kept = 0;
            int moving = farSize;
            farSize = 0;
            int[] old = far;
            far = new int[Math.max(16, old.length)];
            for (int k = 0; k < moving; k++) {
                int i = old[k];
                long s = next[i];
                if (s < windowStart + WINDOW) {
                    fileInBucket(i, s);
                } else {
                    far[kept++] = i;
                }
            }
            farSize = kept;
        }
        int b = (int) (step & MASK);
        int count = bucketSize[b];
        System.arraycopy(buckets[b], 0, spikes, 0, count);
        bucketSize[b] = 0;
        spikeCount = count;
        if (count > 1) {
            Arrays.sort(spikes, 0, count);
        }
        now = step + 1;
        for (int k = 0; k < count; k++) {
            schedule(spikes[k], step);
        }
    }

    @Override
    void restState(long step) {
        now = step;
        spikeCount = 0;
        rescheduleAll(step);
    }
}
