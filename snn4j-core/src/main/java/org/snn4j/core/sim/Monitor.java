package org.snn4j.core.sim;

/** Something that records from the simulation at the end of every step. */
public interface Monitor {

    /** Records the state after step {@code step}. */
    void record(long step);
}
