package org.snn4j.core.sim.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.Receptor;

class LifCobaTest {
    private static final double DT = 0.1;

    private static int step(NeuronDynamics d) {
        return d.step(null, null, null, new int[d.size()]);
    }

    @Test
    void pureLeakFollowsTheClosedForm() {
        LifCoba m = LifCoba.vogelsAbbott();
        NeuronDynamics d = m.create(1, DT);
        d.variable("v")[0] = -52f;
        for (int n = 1; n <= 400; n++) {
            step(d);
            double t = n * DT;
            assertThat(d.variable("v")[0]).isCloseTo((float) (-60 + 8 * Math.exp(-t / 20)), within(2e-4f));
        }
    }

    @Test
    void constantCurrentFollowsTheClosedFormToItsSteadyState() {
        LifCoba m = LifCoba.vogelsAbbott();
        NeuronDynamics d = m.create(1, DT);
        // 7 nA, R = 1 MΩ: steady state −53 mV, below threshold. The float state stalls once a
        // step's change (v − v∞)(1 − e^{−dt/τm}) drops below half an ulp of v (about 4e-4 mV here)
        float[] current = {7f};
        int[] spikes = new int[1];
        for (int n = 1; n <= 3000; n++) {
            assertThat(d.step(null, null, current, spikes)).isZero();
            double t = n * DT;
            assertThat(d.variable("v")[0]).isCloseTo((float) (-53 - 7 * Math.exp(-t / 20)), within(5e-4f));
        }
        assertThat(d.variable("v")[0]).isCloseTo(-53f, within(5e-4f));
    }

    @Test
    void frozenConductanceSettlesAtTheWeightedReversalMean() {
        // τe huge: g_e stays 0.5, so v∞ = (E_L + 0.5·E_i)/(1 + 0.5) exactly, reached from both sides
        LifCoba m = new LifCoba(20, 1e12, 10, -60, -50, -70, -80, -100, 0, 1);
        NeuronDynamics d = m.create(2, DT);
        d.variable("ge")[0] = 0.5f;
        d.variable("ge")[1] = 0.5f;
        d.variable("v")[1] = -90f;
        for (int n = 0; n < 2000; n++) {
            step(d);
        }
        // within the float stall band (see above), from above and from below
        assertThat(d.variable("v")[0]).isCloseTo(-200f / 3, within(1e-3f)).isGreaterThan(-200f / 3);
        assertThat(d.variable("v")[1]).isCloseTo(-200f / 3, within(1e-3f)).isLessThan(-200f / 3);
    }

    /** v under a decaying excitatory conductance g_e(t) = w·e^{−t/τe}, by RK4 with a tiny step. */
    private static double reference(double w, double tEnd) {
        double h = 1e-3;
        double v = -60;
        int steps = (int) Math.round(tEnd / h);
        for (int k = 0; k < steps; k++) {
            double t = k * h;
            double k1 = rhs(t, v, w);
            double k2 = rhs(t + h / 2, v + h / 2 * k1, w);
            double k3 = rhs(t + h / 2, v + h / 2 * k2, w);
            double k4 = rhs(t + h, v + h * k3, w);
            v += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return v;
    }

    private static double rhs(double t, double v, double w) {
        double g = w * Math.exp(-t / 5);
        return ((-60 - v) + g * (0 - v)) / 20;
    }

    private static double maxError(double dt) {
        LifCoba m = LifCoba.vogelsAbbott();
        NeuronDynamics d = m.create(1, dt);
        float[] exc = {0.6f};
        float[] inh = {0f};
        d.step(exc, inh, null, new int[1]);
        assertThat(exc[0]).isZero();
        double worst = 0;
        int steps = (int) Math.round(30 / dt);
        for (int n = 2; n <= steps; n++) {
            step(d);
            if (n % Math.round(1 / dt) == 0) {
                worst = Math.max(worst, Math.abs(d.variable("v")[0] - reference(0.6, n * dt)));
            }
        }
        return worst;
    }

    @Test
    void singleExcitatoryInputConvergesToTheFineReferenceAtFirstOrder() {
        // input arrives at the start of step 1 and acts over its whole dt: the trace after step n is v(n·dt)
        double coarse = maxError(0.1);
        double fine = maxError(0.01);
        assertThat(coarse).isLessThan(0.1).isGreaterThan(1e-3);
        assertThat(fine).isLessThan(0.006);
        assertThat(coarse / fine).isBetween(6.0, 14.0);
    }

    @Test
    void conductancesDecayExactlyAndDirectInputIsTheConductance() {
        LifCoba m = LifCoba.vogelsAbbott();
        NeuronDynamics d = m.create(3, DT);
        assertThat(d.directInput(Receptor.EXCITATORY)).isSameAs(d.variable("ge"));
        assertThat(d.directInput(Receptor.INHIBITORY)).isSameAs(d.variable("gi"));
        d.directInput(Receptor.EXCITATORY)[1] += 0.6f;
        d.directInput(Receptor.INHIBITORY)[2] += 6.7f;
        NeuronDynamics viaRing = m.create(3, DT);
        float[] exc = {0, 0.6f, 0};
        float[] inh = {0, 0, 6.7f};
        viaRing.step(exc, inh, null, new int[3]);
        step(d);
        assertThat(d.variable("v")).containsExactly(viaRing.variable("v"));
        assertThat(d.variable("ge")).containsExactly(viaRing.variable("ge"));
        assertThat(d.variable("gi")).containsExactly(viaRing.variable("gi"));
        float de = (float) Math.exp(-DT / 5);
        float di = (float) Math.exp(-DT / 10);
        float ge = 0.6f * de;
        float gi = 6.7f * di;
        for (int n = 0; n < 50; n++) {
            step(d);
            ge *= de;
            gi *= di;
        }
        assertThat(d.variable("ge")[1]).isEqualTo(ge);
        assertThat(d.variable("gi")[2]).isEqualTo(gi);
        assertThat(d.variable("v")[1]).isGreaterThan(-60f);
        assertThat(d.variable("v")[2]).isLessThan(-60f).isGreaterThan(-80f);
    }

    @Test
    void spikesResetAndHoldForTheRefractoryPeriod() {
        LifCoba m = LifCoba.vogelsAbbott(); // refractory 5 ms = 50 steps
        NeuronDynamics d = m.create(1, DT);
        float[] current = {20f};
        int[] spikes = new int[1];
        int first = -1;
        int second = -1;
        for (int n = 0; n < 2000 && second < 0; n++) {
            if (d.step(null, null, current, spikes) == 1) {
                assertThat(spikes[0]).isZero();
                assertThat(d.variable("v")[0]).isEqualTo(-60f);
                if (first < 0) {
                    first = n;
                } else {
                    second = n;
                }
            } else if (first >= 0 && n <= first + 50) {
                assertThat(d.variable("v")[0]).isEqualTo(-60f);
            } else if (first >= 0) {
                assertThat(d.variable("v")[0]).isGreaterThan(-60f);
            }
        }
        // first crossing of −50 under v(t) = −40 − 20e^{−t/20}: t = 20 ln 2 = 13.86 ms
        assertThat(first).isEqualTo(138);
        assertThat(second).isEqualTo(first + 50 + 139);
    }

    @Test
    void restReturnsToRestingState() {
        LifCoba m = LifCoba.songMillerAbbott();
        NeuronDynamics d = m.create(4, DT);
        Arrays.fill(d.variable("v"), -55f);
        Arrays.fill(d.variable("ge"), 0.01f);
        Arrays.fill(d.variable("gi"), 0.02f);
        d.rest();
        assertThat(d.variable("v")).containsOnly(-74f);
        assertThat(d.variable("ge")).containsOnly(0f);
        assertThat(d.variable("gi")).containsOnly(0f);
        assertThat(d.variables()).containsExactly("v", "ge", "gi");
        assertThatThrownBy(() -> d.variable("u")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'u'").hasMessageContaining("[v, ge, gi]");
        assertThat(m.name()).isEqualTo("lif-coba");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new LifCoba(0, 5, 10, -60, -50, -60, 0, -80, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tauMemMs").hasMessageContaining("positive");
        assertThatThrownBy(() -> new LifCoba(20, 5, Double.NaN, -60, -50, -60, 0, -80, 5, 1))
                .hasMessageContaining("tauInhMs");
        assertThatThrownBy(() -> new LifCoba(20, 5, 10, -60, -50, -60, Double.POSITIVE_INFINITY, -80, 5, 1))
                .hasMessageContaining("eExc must be finite");
        assertThatThrownBy(() -> new LifCoba(20, 5, 10, -60, -50, -50, 0, -80, 5, 1))
                .hasMessageContaining("vReset (-50.0 mV) must be below vThreshold (-50.0 mV)");
        assertThatThrownBy(() -> new LifCoba(20, 5, 10, -60, -50, -60, 0, -80, -1, 1))
                .hasMessageContaining("refractoryMs must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> LifCoba.vogelsAbbott().create(0, DT)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LifCoba.vogelsAbbott().create(3, 0)).hasMessageContaining("dtMs");
    }

    @Test
    void vectorAndScalarKernelsAgreeBitForBit() {
        SimKernels vector = SimKernels.create();
        assertThat(vector.name()).isEqualTo("vector");
        for (int size : new int[] {1, 7, 9, 33, 1000}) {
            LifCoba m = LifCoba.vogelsAbbott();
            NeuronDynamics a = m.create(size, DT, vector);
            NeuronDynamics b = m.create(size, DT, SimKernels.scalar());
            SplittableRandom rnd = new SplittableRandom(size);
            float[] current = new float[size];
            for (int i = 0; i < size; i++) {
                float v = (float) rnd.nextDouble(-70, -49);
                a.variable("v")[i] = v;
                b.variable("v")[i] = v;
                current[i] = (float) rnd.nextDouble(0, 15);
            }
            int[] sa = new int[size];
            int[] sb = new int[size];
            int total = 0;
            for (int n = 0; n < 300; n++) {
                float[] ea = new float[size];
                float[] ia = new float[size];
                for (int i = 0; i < size; i++) {
                    if (rnd.nextDouble() < 0.05) {
                        ea[i] = (float) rnd.nextDouble(0, 2);
                    }
                    if (rnd.nextDouble() < 0.05) {
                        ia[i] = (float) rnd.nextDouble(0, 8);
                    }
                }
                float[] eb = ea.clone();
                float[] ib = ia.clone();
                boolean useInput = n % 3 != 0;
                float[] cur = n % 2 == 0 ? current : null;
                int ca = a.step(useInput ? ea : null, useInput ? ia : null, cur, sa);
                int cb = b.step(useInput ? eb : null, useInput ? ib : null, cur, sb);
                assertThat(ca).isEqualTo(cb);
                assertThat(Arrays.copyOf(sa, ca)).containsExactly(Arrays.copyOf(sb, cb));
                total += ca;
                if (useInput) {
                    assertThat(Arrays.equals(ea, new float[size]) && Arrays.equals(ib, new float[size])).isTrue();
                }
                for (String var : a.variables()) {
                    // Arrays.equals on float[] compares bit patterns (floatToIntBits)
                    assertThat(Arrays.equals(a.variable(var), b.variable(var))).as("%s size %d step %d", var, size, n).isTrue();
                }
            }
            if (size >= 33) {
                assertThat(total).isPositive();
            }
        }
    }
}
