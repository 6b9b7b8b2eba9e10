package org.snn4j.nir;

import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;

/**
 * How an exporter's NIR parameters turn into discrete-time snn4j neurons (and back): the default
 * time step, the decay and input-gain formulas, and the reset the framework simulates. NIR stores
 * continuous-time ODEs ({@link NirTypes}); every framework discretises them its own way and writes
 * {@code tau}, {@code r} and {@code w_in} so that its own discretisation gives back the network it
 * trained. Choosing the exporter's convention (and its {@code dt}) reproduces those numbers.
 *
 * <p>The formulas, all computed in {@code double} ({@code τ}, {@code r}, {@code w_in} from the file,
 * {@code dt} from {@link NirImport.Options}):
 * <pre>
 *   family  conventions          decay β (α likewise with τ_syn)   membrane gain g_m      synaptic gain g_s
 *   EULER   GENERIC NORSE        1 − dt/τ                          dt·r/τ                 dt·w_in/τ_syn
 *           SNNTORCH
 *   STEP    SINABS               exp(−dt/τ)                        r                      w_in
 *   EXP     ROCKPOOL             exp(−dt/τ)                        dt·r/(τ·exp(−dt/τ))    w_in·exp(−dt/τ_syn)
 * </pre>
 * The integrator gain of an {@code IF} node is {@code dt·r} for GENERIC and NORSE (forward Euler of
 * {@code dv/dt = r·I}) and {@code r} for SNNTORCH, SINABS and ROCKPOOL (whose IF layers add the input
 * once per step: {@code v += I}). The constant drive of {@code v_leak} is {@code (1 − β)·v_leak} per
 * step in every family (forward Euler's {@code dt·v_leak/τ}, since {@code dt/τ = 1 − β} there).
 *
 * <p>The inverse formulas ({@link #tau}, {@link #r}, {@link #wIn}, {@link #integratorR}) are what
 * {@link NirExport} writes: the τ that gives back β, and the {@code r} / {@code w_in} that make the
 * gains exactly 1 under the same convention. snnTorch's exporter writes exactly these for EULER with
 * {@code dt = 1e-4} ({@code τ = dt/(1 − β)}, {@code r = τ/dt}, {@code w_in = τ_syn/dt}); Rockpool writes
 * {@code r = τ·exp(−dt/τ)/dt}; Sinabs writes {@code r = 1} with τ in time steps.
 */
public enum NirConvention {
    /** Forward Euler of the NIR ODEs; no default time step (give {@code dt}); reset to zero as NIR says. */
    GENERIC(Double.NaN, Family.EULER, false, Reset.ZERO),
    /**
     * Norse: {@code LIFBox} is forward Euler, {@code v += dt/τ·((v_leak − v) + r·I)} (Norse writes
     * {@code r = 1}); default {@code dt = 1e-3}; reset to {@code v_reset = 0}.
     */
    NORSE(1e-3, Family.EULER, false, Reset.ZERO),
    /**
     * snnTorch: its exporter hard-codes {@code dt = 1e-4} and writes {@code τ = dt/(1 − β)},
     * {@code r = τ/dt}, {@code w_in = τ_syn/dt}, so that forward Euler gives back β, α and unit gains;
     * IF gain {@code r}. The reset is not in the file: ZERO by default (what snnTorch's importer
     * uses); set {@link Reset#SUBTRACT} for models trained with snnTorch's default subtract reset.
     */
    SNNTORCH(1e-4, Family.EULER, true, Reset.ZERO),
    /**
     * Sinabs: time constants in time steps ({@code dt = 1}), {@code v ← exp(−dt/τ)·v + r·I}
     * ({@code norm_input = False}), IF ({@code IAF}) {@code v += r·I} with {@code r = 1}, reset by
     * subtraction ({@code MembraneSubtract}, Sinabs's default), several spikes per step
     * ({@code MultiSpike}, Sinabs's default: ⌊v/θ⌋, no cap).
     */
    SINABS(1.0, Family.STEP, true, Reset.SUBTRACT),
    /**
     * Rockpool ({@code LIFTorch}): {@code β = exp(−dt/τ)}, written {@code r = τ·exp(−dt/τ)/dt} so that the
     * membrane gain is 1, synaptic current {@code I_s ← β_s·(I_s + I)}; reset by subtraction; several spikes
     * per step ({@code StepPWL}: ⌊v/θ⌋ when v ≥ θ, at most {@code max_spikes_per_dt} = 2^16); default
     * {@code dt = 1e-3}.
     */
    ROCKPOOL(1e-3, Family.EXP, true, Reset.SUBTRACT);

    /** How decays and gains are computed. */
    enum Family { EULER, STEP, EXP }

    /** Gains within this relative distance of 1 are taken as exactly 1 (float32 rounding of τ and r in files). */
    public static final double UNIT_GAIN_TOLERANCE = 1e-6;

    private final double defaultDt;
    private final Family family;
    private final boolean stepIntegrator;
    private final Reset defaultReset;

    NirConvention(double defaultDt, Family family, boolean stepIntegrator, Reset defaultReset) {
        this.defaultDt = defaultDt;
        this.family = family;
        this.stepIntegrator = stepIntegrator;
        this.defaultReset = defaultReset;
    }

    /** The exporter's default time step in seconds (SINABS: 1, τ in steps), or NaN for GENERIC (no default). */
    public double defaultDt() {
        return defaultDt;
    }

    /**
     * The spike cap per step the framework simulates (NIR files never say), as snn4j's {@code maxSpikes}:
     * 0 (no cap) for SINABS ({@code MultiSpike}), 65536 for ROCKPOOL ({@code StepPWL}'s
     * {@code max_spikes_per_dt} = 2^16), 1 (one spike per step) for the others.
     */
    public int maxSpikes() {
        return switch (this) {
            case SINABS -> 0;
            case ROCKPOOL -> ROCKPOOL_MAX_SPIKES;
            default -> 1;
        };
    }

    /** Rockpool's default {@code max_spikes_per_dt}, 2^16. */
    public static final int ROCKPOOL_MAX_SPIKES = 1 << 16;

    /** The reset the framework simulates when the file does not say (NIR never says). */
    public Reset defaultReset() {
        return defaultReset;
    }

    /**
     * When the framework's reset takes effect: {@link ResetTiming#DELAYED} for SNNTORCH (its default
     * {@code reset_delay=True}), {@link ResetTiming#IMMEDIATE} for GENERIC (NIR's semantics), NORSE, SINABS and
     * ROCKPOOL, whose neurons start the step after a spike from the reset membrane.
     */
    public ResetTiming resetTiming() {
        return this == SNNTORCH ? ResetTiming.DELAYED : ResetTiming.IMMEDIATE;
    }

    Family family() {
        return family;
    }

    /** Decay per step: {@code 1 − dt/τ} (EULER) or {@code exp(−dt/τ)} (STEP, EXP). */
    public double decay(double dt, double tau) {
        return family == Family.EULER ? 1.0 - dt / tau : Math.exp(-dt / tau);
    }

    /** Membrane input gain: {@code dt·r/τ} (EULER), {@code r} (STEP), {@code dt·r/(τ·exp(−dt/τ))} (EXP). */
    public double membraneGain(double dt, double r, double tau) {
        return switch (family) {
            case EULER -> dt * r / tau;
            case STEP -> r;
            case EXP -> dt * r / (tau * Math.exp(-dt / tau));
        };
    }

    /** Synaptic input gain: {@code dt·w_in/τ_syn} (EULER), {@code w_in} (STEP), {@code w_in·exp(−dt/τ_syn)} (EXP). */
    public double synapticGain(double dt, double wIn, double tauSyn) {
        return switch (family) {
            case EULER -> dt * wIn / tauSyn;
            case STEP -> wIn;
            case EXP -> wIn * Math.exp(-dt / tauSyn);
        };
    }

    /** IF gain: {@code dt·r} (GENERIC, NORSE) or {@code r} (SNNTORCH, SINABS, ROCKPOOL). */
    public double integratorGain(double dt, double r) {
        return stepIntegrator ? r : dt * r;
    }

    /** Constant drive per step from {@code v_leak}: {@code (1 − β)·v_leak}. */
    public double drive(double beta, double vLeak) {
        return (1.0 - beta) * vLeak;
    }

    /**
     * The τ whose {@link #decay} is β: {@code dt/(1 − β)} (EULER) or {@code −dt/ln β} (STEP, EXP);
     * infinite for β = 1.
     */
    public double tau(double dt, double beta) {
        return family == Family.EULER ? dt / (1.0 - beta) : -dt / Math.log(beta);
    }

    /** The {@code r} whose {@link #membraneGain} is 1: {@code τ/dt}, 1, {@code τ·exp(−dt/τ)/dt}. */
    public double r(double dt, double tau) {
        return switch (family) {
            case EULER -> tau / dt;
            case STEP -> 1.0;
            case EXP -> tau * Math.exp(-dt / tau) / dt;
        };
    }

    /** The {@code w_in} whose {@link #synapticGain} is 1: {@code τ_syn/dt}, 1, {@code exp(dt/τ_syn)}. */
    public double wIn(double dt, double tauSyn) {
        return switch (family) {
            case EULER -> tauSyn / dt;
            case STEP -> 1.0;
            case EXP -> Math.exp(dt / tauSyn);
        };
    }

    /** The IF {@code r} whose {@link #integratorGain} is 1: {@code 1/dt} (GENERIC, NORSE) or 1. */
    public double integratorR(double dt) {
        return stepIntegrator ? 1.0 : 1.0 / dt;
    }

    /** {@code g}, or exactly 1 when within {@link #UNIT_GAIN_TOLERANCE} of 1. */
    static double snapUnit(double g) {
        return Math.abs(g - 1.0) <= UNIT_GAIN_TOLERANCE ? 1.0 : g;
    }
}
