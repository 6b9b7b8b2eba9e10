package org.snn4j.core.sim.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.Receptor;

class AdExTest {
    private static final double DT = 0.05;
    // Brette & Gerstner (2005)
    private static final double GL = 30;
    private static final double EL = -70.6;
    private static final double VT = -50.4;
    private static final double DELTA = 2;
    private static final double A = 4;

    /** The steady-state current I(v) = (g_L + a)(v − E_L) − g_L·Δ_T·exp((v − V_T)/Δ_T) with w = a(v − E_L). */
    private static double steadyCurrent(double v) {
        return (GL + A) * (v - EL) - GL * DELTA * Math.exp((v - VT) / DELTA);
    }

    /** The stable (lower) fixed point for current {@code i}, by bisection on the rising branch of I(v). */
    private static double fixedPoint(double i) {
        double lo = EL - 50;
        double hi = VT + DELTA * Math.log((GL + A) / GL);
        for (int k = 0; k < 200; k++) {
            double mid = (lo + hi) / 2;
            if (steadyCurrent(mid) < i) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static List<Double> spikeTimes(NeuronDynamics d, float current, double ms) {
        float[] in = {current};
        int[] spikes = new int[1];
        List<Double> times = new ArrayList<>();
        for (int n = 0; n < Math.round(ms / DT); n++) {
            if (d.step(null, null, in, spikes) == 1) {
                times.add(n * DT);
            }
        }
        return times;
    }

    @Test
    void subthresholdCurrentSettlesAtTheSteadyState() {
        NeuronDynamics d = AdEx.bretteGerstner().create(1, DT);
        assertThat(spikeTimes(d, 300f, 2000)).isEmpty();
        double v = fixedPoint(300);
        assertThat(v).isBetween(-62.0, -61.0);
        assertThat(d.variable("v")[0]).isCloseTo((float) v, within(2e-3f));
        assertThat(d.variable("w")[0]).isCloseTo((float) (A * (v - EL)), within(1e-2f));
    }

    @Test
    void rheobaseSeparatesRestFromTonicFiring() {
        // the steady-state I(v) has its maximum, the rheobase for slow inputs, at
        // v = V_T + Δ_T·ln((g_L + a)/g_L); below the instantaneous one (w = 0), g_L(V_T − E_L − Δ_T),
        // the cell never fires; above the slow one it cannot rest
        double slow = steadyCurrent(VT + DELTA * Math.log((GL + A) / GL));
        double fast = GL * (VT - EL - DELTA);
        assertThat(fast).isCloseTo(546, within(1e-9));
        assertThat(slow).isCloseTo(627.3, within(0.1));
        assertThat(spikeTimes(AdEx.bretteGerstner().create(1, DT), (float) (0.98 * fast), 1500)).isEmpty();
        List<Double> above = spikeTimes(AdEx.bretteGerstner().create(1, DT), (float) (1.05 * slow), 1500);
        assertThat(above.stream().filter(t -> t > 1000).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void spikeTriggeredAdaptationAddsB() {
        AdEx m = AdEx.bretteGerstner();
        NeuronDynamics d = m.create(1, DT);
        float[] in = {800f};
        int[] spikes = new int[1];
        List<Double> times = new ArrayList<>();
        int checked = 0;
        for (int n = 0; n < Math.round(1000 / DT); n++) {
            double v = d.variable("v")[0];
            double w = d.variable("w")[0];
            double free = w + DT / 144 * (A * (v - EL) - w);
            if (d.step(null, null, in, spikes) == 1) {
                times.add(n * DT);
                assertThat(d.variable("v")[0]).isEqualTo((float) EL);
                assertThat(d.variable("w")[0]).isEqualTo((float) (free + 80.5));
                checked++;
            } else {
                assertThat(d.variable("w")[0]).isEqualTo((float) free);
            }
        }
        assertThat(checked).isGreaterThan(3);
        // adaptation: the interspike intervals grow
        double first = times.get(1) - times.get(0);
        double last = times.get(times.size() - 1) - times.get(times.size() - 2);
        assertThat(last).isGreaterThan(1.5 * first);
    }

    @Test
    void synapticCurrentsDecayExactlyAndDirectInputIsTheCurrent() {
        AdEx m = AdEx.bretteGerstner();
        NeuronDynamics direct = m.create(2, DT);
        NeuronDynamics ring = m.create(2, DT);
        assertThat(direct.directInput(Receptor.EXCITATORY)).isSameAs(direct.variable("ie"));
        assertThat(direct.directInput(Receptor.INHIBITORY)).isSameAs(direct.variable("ii"));
        direct.directInput(Receptor.EXCITATORY)[0] += 200f;
        direct.directInput(Receptor.INHIBITORY)[1] += 300f;
        float[] exc = {200f, 0f};
        float[] inh = {0f, 300f};
        ring.step(exc, inh, null, new int[2]);
        direct.step(null, null, null, new int[2]);
        assertThat(exc).containsOnly(0f);
        assertThat(inh).containsOnly(0f);
        for (String var : ring.variables()) {
            assertThat(ring.variable(var)).containsExactly(direct.variable(var));
        }
        // first step from rest: only the synaptic current moves v, by dt/C·i
        double v0 = (float) EL;
        double expected = v0 + DT / 281 * (-GL * (v0 - EL) + GL * DELTA * Math.exp((v0 - VT) / DELTA) - 0 + 200);
        assertThat(ring.variable("v")[0]).isEqualTo((float) expected);
        float de = (float) Math.exp(-DT / 5);
        float di = (float) Math.exp(-DT / 10);
        assertThat(ring.variable("ie")[0]).isEqualTo(200f * de);
        assertThat(ring.variable("ii")[1]).isEqualTo(300f * di);
        assertThat(ring.variable("v")[1]).isLessThan((float) EL);
    }

    @Test
    void statesAbovePeakStayFinite() {
        NeuronDynamics d = AdEx.bretteGerstner().create(1, DT);
        d.variable("v")[0] = 1000f;
        int[] spikes = new int[1];
        assertThat(d.step(null, null, null, spikes)).isEqualTo(1);
        assertThat(d.variable("v")[0]).isEqualTo((float) EL);
        assertThat(d.variable("w")[0]).isFinite();
    }

    @Test
    void restClearsAdaptationToo() {
        AdEx m = AdEx.bretteGerstner();
        NeuronDynamics d = m.create(3, DT);
        float[] in = {800f, 800f, 800f};
        for (int n = 0; n < 2000; n++) {
            d.step(null, null, in, new int[3]);
        }
        d.variable("ie")[0] = 5f;
        d.variable("ii")[0] = 5f;
        assertThat(d.variable("w")[0]).isPositive();
        d.rest();
        assertThat(d.variable("v")).containsOnly((float) EL);
        assertThat(d.variable("w")).containsOnly(0f);
        assertThat(d.variable("ie")).containsOnly(0f);
        assertThat(d.variable("ii")).containsOnly(0f);
        assertThat(d.variables()).containsExactly("v", "w", "ie", "ii");
        assertThatThrownBy(() -> d.variable("u")).hasMessageContaining("[v, w, ie, ii]");
        assertThat(m.name()).isEqualTo("adex");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new AdEx(0, 30, -70.6, -50.4, 2, 144, 4, 80.5, -70.6, 20, 5, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacitancePf must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> new AdEx(281, 30, -70.6, -50.4, -2, 144, 4, 80.5, -70.6, 20, 5, 10))
                .hasMessageContaining("deltaT must be a positive");
        assertThatThrownBy(() -> new AdEx(281, 30, -70.6, -50.4, 2, 144, Double.NaN, 80.5, -70.6, 20, 5, 10))
                .hasMessageContaining("aNs must be finite");
        assertThatThrownBy(() -> new AdEx(281, 30, -70.6, -50.4, 2, 144, 4, 80.5, 20, 20, 5, 10))
                .hasMessage("vReset (20.0 mV) must be below vPeak (20.0 mV)");
        assertThatThrownBy(() -> new AdEx(281, 30, -70.6, 25, 2, 144, 4, 80.5, -70.6, 20, 5, 10))
                .hasMessage("vT (25.0 mV) must be below vPeak (20.0 mV)");
        assertThatThrownBy(() -> new AdEx(281, 30, -70.6, -50.4, 0.5, 144, 4, 80.5, -70.6, 20, 5, 10))
                .hasMessage("(vPeak - vT)/deltaT must be at most 80.0, got 140.8");
        assertThatThrownBy(() -> AdEx.bretteGerstner().create(1, Double.NaN)).hasMessageContaining("dtMs");
    }
}
