package org.snn4j.core.sim;

/**
 * Anything that emits spikes on the simulation clock: a {@link Population} of neurons or an input
 * source. After each step, {@link #spikes()}{@code [0 .. spikeCount())} holds the indices of the
 * elements that spiked in that step, in increasing order.
 */
public abstract class SpikeSource {
    private final String name;
    private final int size;
    /** Indices of this step's spikes; the first {@link #spikeCount} are valid. */
    protected final int[] spikes;
    /** Number of spikes in this step. */
    protected int spikeCount;

    /**
     * @throws IllegalArgumentException for a blank name or a size below 1
     */
    protected SpikeSource(String name, int size) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a population or source needs a non-blank name");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size of '" + name + "' must be at least 1, got " + size);
        }
        this.name = name;
        this.size = size;
        this.spikes = new int[size];
    }

    /** The name, unique within a simulation. */
    public final String name() {
        return name;
    }

    /** The number of elements (neurons or input channels). */
    public final int size() {
        return size;
    }

    /** The indices of the elements that spiked in the last step (valid up to {@link #spikeCount()}); do not modify. */
    public final int[] spikes() {
        return spikes;
    }

    /** The number of spikes in the last step. */
    public final int spikeCount() {
        return spikeCount;
    }

    /** Produces this step's spikes. Called once per step by the simulation. */
    abstract void advance(long step);

    /** Clears per-run state for a new trial (sources rewind, populations rest). */
    abstract void restState(long step);
}
