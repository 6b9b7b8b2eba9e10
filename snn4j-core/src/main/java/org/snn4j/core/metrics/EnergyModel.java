package org.snn4j.core.metrics;

/**
 * An energy estimate from operation counts: {@code E = MACs·e_MAC + ACs·e_AC}. The default costs
 * are Horowitz (ISSCC 2014) for 45 nm CMOS: 4.6 pJ per 32-bit float multiply-accumulate
 * (3.7 pJ multiply + 0.9 pJ add) and 0.9 pJ per 32-bit float accumulate. Memory access, which
 * often dominates on real hardware, is not included: the figure compares computation only.
 *
 * @param picojoulesPerMac energy of one multiply-accumulate, pJ, positive
 * @param picojoulesPerAc  energy of one accumulate, pJ, positive
 */
public record EnergyModel(double picojoulesPerMac, double picojoulesPerAc) {

    /** Horowitz 2014, 45 nm, fp32: 4.6 pJ per MAC, 0.9 pJ per AC. */
    public static final EnergyModel HOROWITZ_45NM = new EnergyModel(4.6, 0.9);

    public EnergyModel {
        if (!(picojoulesPerMac > 0 && picojoulesPerMac < 1e9) || !(picojoulesPerAc > 0 && picojoulesPerAc < 1e9)) {
            throw new IllegalArgumentException("energy per operation must be positive pJ below 1e9, got MAC "
                    + picojoulesPerMac + " pJ, AC " + picojoulesPerAc + " pJ");
        }
    }

    /** Energy of the effective operations, pJ: {@code effectiveMacs·e_MAC + effectiveAcs·e_AC}. */
    public double picojoules(OperationCounts ops) {
        return ops.effectiveMacs() * picojoulesPerMac + ops.effectiveAcs() * picojoulesPerAc;
    }

    /**
     * Energy of the same layers run once as an ANN, pJ: every multiply-accumulate of one step done
     * densely, {@code (dense / T)·e_MAC} — what the network would cost with its spiking layers
     * replaced by ReLUs and run for a single step.
     *
     * @param steps T of the counted run, ≥ 1
     */
    public double annEquivalentPicojoules(OperationCounts ops, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return ops.dense() / steps * picojoulesPerMac;
    }
}
