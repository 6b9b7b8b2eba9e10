package org.snn4j.core.sim.neuron;

import java.util.Arrays;
import java.util.List;
import org.snn4j.core.sim.ParameterChecks;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.NeuronModel;
import org.snn4j.core.sim.Receptor;

/**
 * Izhikevich (2003) neurons with delta synapses:
 * <pre>
 *   dv/dt = 0.04·v² + 5·v + 140 − u + I,   du/dt = a·(b·v − u)     (v in mV, t in ms, I in mV/ms)
 *   excitatory spike of weight w: v += w;   inhibitory: v −= w     (w in mV)
 *   v ≥ V_peak  →  spike, v = c, u += d
 * </pre>
 * One step of {@code dt} adds the arriving input to {@code v}, then integrates by forward Euler
 * with v advanced in two half steps (as in Izhikevich's published code, for numerical stability)
 * and u advanced with the new v, the injected current {@code I} held over the step:
 * <pre>
 *   v ← v + (exc − inh)                             (the summed input weights)
 *   v ← v + dt/2·((0.04·v + 5)·v + (140 − u + I))    (twice, u and I from the start of the step)
 *   u ← u + dt·a·(b·v − u)
 *   if v ≥ V_peak:  spike, v = c, u = u + d
 * </pre>
 * (evaluated in double per neuron, stored as float; a plain scalar loop, not a vector kernel). The
 * resting state ({@link #restingPotential()}) is the stable fixed point for {@code I = 0}. State
 * variables: {@code v}, {@code u}. Excitatory inputs with a one-step delay are added to {@code v}
 * directly; inhibitory ones go through the ring buffer.
 *
 * @param a     recovery rate a (1/ms, &gt; 0)
 * @param b     sensitivity b of u to v (finite)
 * @param c     reset c of v after a spike (mV), below V_peak
 * @param d     increment d of u after a spike (finite)
 * @param vPeak spike cut-off V_peak (mV), 30 in the published model
 */
public record Izhikevich(double a, double b, double c, double d, double vPeak) implements NeuronModel {

    /** Checks the parameters. */
    public Izhikevich {
        ParameterChecks.positive("a", a);
        ParameterChecks.finite("b", b);
        ParameterChecks.finite("c", c);
        ParameterChecks.finite("d", d);
        ParameterChecks.finite("vPeak", vPeak);
        if (c >= vPeak) {
            throw new IllegalArgumentException("c (" + c + " mV) must be below vPeak (" + vPeak + " mV)");
        }
    }

    /** Regular spiking (RS) excitatory cell: a 0.02, b 0.2, c −65 mV, d 8, V_peak 30 mV. */
    public static Izhikevich regularSpiking() {
        return new Izhikevich(0.02, 0.2, -65, 8, 30);
    }

    /** Intrinsically bursting (IB) cell: a 0.02, b 0.2, c −55 mV, d 4, V_peak 30 mV. */
    public static Izhikevich intrinsicallyBursting() {
        return new Izhikevich(0.02, 0.2, -55, 4, 30);
    }

    /** Chattering (CH) cell: a 0.02, b 0.2, c −50 mV, d 2, V_peak 30 mV. */
    public static Izhikevich chattering() {
        return new Izhikevich(0.02, 0.2, -50, 2, 30);
    }

    /** Fast spiking (FS) inhibitory cell: a 0.1, b 0.2, c −65 mV, d 2, V_peak 30 mV. */
    public static Izhikevich fastSpiking() {
        return new Izhikevich(0.1, 0.2, -65, 2, 30);
    }

    @Override
    public String name() {
        return "izhikevich";
    }

    /**
     * The resting potential: the lower (stable) root of {@code 0.04·v² + (5 − b)·v + 140 = 0}, the
     * fixed point with {@code u = b·v} and no input; {@code c} when there is none
     * ({@code (5 − b)² < 22.4}, neurons that never rest). {@link NeuronDynamics#rest()} sets
     * {@code v} to it and {@code u = b·v}.
     */
    public double restingPotential() {
        double disc = (5 - b) * (5 - b) - 4 * 0.04 * 140;
        return disc < 0 ? c : (-(5 - b) - Math.sqrt(disc)) / (2 * 0.04);
    }

    @Override
    public NeuronDynamics create(int size, double dtMs) {
        ParameterChecks.positive("dtMs", dtMs);
        return new Dynamics(size, this, dtMs);
    }

    private static final class Dynamics extends NeuronDynamics {
        private static final List<String> VARIABLES = List.of("v", "u");
        private final double a;
        private final double b;
        private final double c;
        private final double d;
        private final double vPeak;
        private final double dt;
        private final float restV;
        private final float restU;
        private final float[] v;
        private final float[] u;

        Dynamics(int size, Izhikevich m, double dt) {
            super(size);
            a = m.a;
            b = m.b;
            c = m.c;
            d = m.d;
            vPeak = m.vPeak;
            this.dt = dt;
            double rv = m.restingPotential();
            restV = (float) rv;
            restU = (float) (m.b * rv);
            v = new float[size];
            u = new float[size];
            rest();
        }

        @Override
        public List<String> variables() {
            return VARIABLES;
        }

        @Override
        public float[] variable(String name) {
            return switch (name) {
                case "v" -> v;
                case "u" -> u;
                default -> throw unknownVariable(name);
            };
        }

        @Override
        public int step(float[] exc, float[] inh, float[] current, int[] spikes) {
            double half = dt / 2;
            int count = 0;
            for (int i = 0; i < v.length; i++) {
                double vi = v[i];
                if (exc != null) {
                    vi += exc[i] - inh[i];
                    exc[i] = 0f;
                    inh[i] = 0f;
                }
                double ui = u[i];
                double drive = 140 - ui + (current == null ? 0 : current[i]);
                vi += half * ((0.04 * vi + 5) * vi + drive);
                vi += half * ((0.04 * vi + 5) * vi + drive);
                ui += dt * a * (b * vi - ui);
                if (vi >= vPeak) {
                    vi = c;
                    ui += d;
                    spikes[count++] = i;
                }
                v[i] = (float) vi;
                u[i] = (float) ui;
            }
            return count;
        }

        @Override
        public float[] directInput(Receptor receptor) {
            return receptor == Receptor.EXCITATORY ? v : null;
        }

        @Override
        public void rest() {
            Arrays.fill(v, restV);
            Arrays.fill(u, restU);
        }
    }
}
