package org.snn4j.core.sim;

import java.util.Arrays;

/**
 * Replays given spikes: channel {@code channel[k]} spikes {@code offset[k]} steps after the pattern
 * starts. The pattern starts at the step after it is set (at creation: step 0) and again at every
 * {@link Simulation#rest()}; a channel may spike at most once per step (duplicates are rejected).
 */
public final class SpikeArraySource extends SpikeSource {
    private int[] channels = new int[0];
    private long[] offsets = new long[0];
    private long start;
    private int cursor;

    SpikeArraySource(String name, int size) {
        super(name, size);
    }

    /**
     * Replaces the pattern; it starts at step {@code currentStep}.
     *
     * @throws IllegalArgumentException for unequal lengths, a channel outside {@code [0, size)}, a
     *                                  negative offset or the same (channel, offset) twice
     */
    void setPattern(int[] channel, long[] offset, long currentStep) {
        if (channel.length != offset.length) {
            throw new IllegalArgumentException("spike array '" + name() + "': " + channel.length + " channels but "
                    + offset.length + " times");
        }
        Integer[] order = new Integer[channel.length];
        for (int k = 0; k < channel.length; k++) {
            if (channel[k] < 0 || channel[k] >= size()) {
                throw new IllegalArgumentException("spike array '" + name() + "': channel " + channel[k]
                        + " is outside [0, " + size() + ")");
            }
            if (offset[k] < 0) {
                throw new IllegalArgumentException("spike array '" + name() + "': negative spike time at index " + k);
            }
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> offset[a] != offset[b] ? Long.compare(offset[a], offset[b])
                : Integer.compare(channel[a], channel[b]));
        int[] c = new int[channel.length];
        long[] o = new long[channel.length];
        for (int k = 0; k < order.length; k++) {
            c[k] = channel[order[k]];
            o[k] = offset[order[k]];
            if (k > 0 && c[k] == c[k - 1] && o[k] == o[k - 1]) {
                throw new IllegalArgumentException("spike array '" + name() + "': channel " + c[k]
                        + " spikes twice in step " + o[k]);
            }
        }
        channels = c;
        offsets = o;
        start = currentStep;
        cursor = 0;
    }

    @Override
    void advance(long step) {
        long rel = step - start;
        while (cursor < offsets.length && offsets[cursor] < rel) {
            cursor++;
        }
        int count = 0;
        while (cursor < offsets.length && offsets[cursor] == rel) {
            spikes[count++] = channels[cursor++];
        }
        spikeCount = count;
    }

    @Override
    void restState(long step) {
        start = step;
        cursor = 0;
        spikeCount = 0;
    }
}
