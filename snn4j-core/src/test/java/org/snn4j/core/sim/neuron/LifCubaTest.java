package org.snn4j.core.sim.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeArraySource;
import org.snn4j.core.sim.SpikeMonitor;
import org.snn4j.core.sim.StateMonitor;

class LifCubaTest {
    /** Sub-threshold parameters: rest −65 mV, threshold −50 mV. */
    private static final LifCuba MODEL = new LifCuba(20, 5, 10, -65, -50, -60, 5, 2);
    private static final double DT = 0.1;

    /** Exact up to float32 rounding: v is stored in float, so errors of a few ulps of 65 mV accumulate (≤ 1e-3 mV here). */
    @Test
    void leakDecaysExactly() {
        NeuronDynamics d = MODEL.create(1, DT);
        d.variable("v")[0] = -55f;
        int[] spikes = new int[1];
        for (int n = 1; n <= 500; n++) {
            d.step(null, null, null, spikes);
            double exact = -65 + 10 * Math.exp(-n * DT / 20);
            assertThat((double) d.variable("v")[0]).as("step %d", n).isCloseTo(exact, within(1e-3));
        }
    }

    /** A jump w of g_e at t = 0 gives v − E_L = w·τe/(τe − τm)·(e^{−t/τe} − e^{−t/τm}). */
    @Test
    void excitatoryAndInhibitoryPostsynapticPotentialsAreExact() {
        for (boolean excitatory : new boolean[] {true, false}) {
            NeuronDynamics d = MODEL.create(1, DT);
            float[] exc = {excitatory ? 3f : 0f};
            float[] inh = {excitatory ? 0f : 3f};
            int[] spikes = new int[1];
            d.step(exc, inh, null, spikes);
            assertThat(exc[0]).isZero();
            assertThat(inh[0]).isZero();
            double tau = excitatory ? 5 : 10;
            double sign = excitatory ? 1 : -1;
            for (int n = 1; n <= 800; n++) {
                if (n > 1) {
                    d.step(null, null, null, spikes);
                }
                double t = n * DT;
                double psp = sign * 3 * tau / (tau - 20) * (Math.exp(-t / tau) - Math.exp(-t / 20));
                assertThat((double) d.variable("v")[0]).as("step %d", n).isCloseTo(-65 + psp, within(1e-3));
            }
        }
    }

    @Test
    void constantCurrentApproachesRPlusRest() {
        Simulation sim = Simulation.create(DT, 1);
        Population p = sim.population("p", 1, MODEL);
        p.injectCurrent(3.0);                          // R·I = 6 mV
        StateMonitor m = sim.stateMonitor(p, "v", new int[] {0}, 10);
        sim.run(2000);
        float[] v = m.trace(0);
        for (int s = 0; s < v.length; s++) {
            double t = (s + 1) * 10 * DT;
            assertThat((double) v[s]).isCloseTo(-65 + 6 * (1 - Math.exp(-t / 20)), within(1e-3));
        }
    }

    /** Threshold crossing resets to V_r, which is then held for round(5 ms / dt) = 50 steps. */
    @Test
    void spikesResetAndHoldForTheRefractoryPeriod() {
        Simulation sim = Simulation.create(DT, 1);
        Population p = sim.population("p", 1, MODEL);
        p.injectCurrent(10.0);                         // drives v towards −45 mV, above threshold
        SpikeMonitor spikes = sim.spikeMonitor(p);
        StateMonitor v = sim.stateMonitor(p, "v", new int[] {0}, 1);
        sim.run(3000);
        long[] steps = spikes.eventSteps();
        assertThat(steps.length).isGreaterThan(3);
        float[] trace = v.trace(0);
        long first = steps[0];
        assertThat(trace[(int) first]).isEqualTo(-60f);
        for (long n = first + 1; n <= first + 50; n++) {
            assertThat(trace[(int) n]).as("held at step %d", n).isEqualTo(-60f);
        }
        assertThat(trace[(int) first + 51]).isGreaterThan(-60f);
        // the interval is the refractory 50 steps plus the closed-form time from V_r to V_t under R·I = 20 mV
        double rise = -20 * Math.log((-50 - -45.0) / (-60 - -45.0)) / DT;
        for (int k = 1; k < steps.length; k++) {
            assertThat((double) (steps[k] - steps[k - 1])).isCloseTo(50 + rise, within(2.0));
        }
    }

    @Test
    void vectorAndScalarKernelsAgreeBitForBit() {
        for (int n : new int[] {1, 7, 9, 33, 1000}) {
            SimKernels.LifCubaCoefficients c = LifCuba.vogelsAbbott().coefficients(DT);
            float[][] a = randomState(n, 1);
            float[][] b = randomState(n, 1);
            int[] sa = new int[n];
            int[] sb = new int[n];
            for (int rep = 0; rep < 30; rep++) {
                boolean withInput = rep % 2 == 0;
                boolean withCurrent = rep % 3 == 0;
                int ca = SimKernels.create().lifCubaStep(n, a[0], a[1], a[2], withInput ? a[3] : null, withInput ? a[4] : null,
                        withCurrent ? a[5] : null, c, sa);
                int cb = SimKernels.scalar().lifCubaStep(n, b[0], b[1], b[2], withInput ? b[3] : null, withInput ? b[4] : null,
                        withCurrent ? b[5] : null, c, sb);
                assertThat(ca).isEqualTo(cb);
                assertThat(java.util.Arrays.copyOf(sa, ca)).containsExactly(java.util.Arrays.copyOf(sb, cb));
                for (int k = 0; k < 6; k++) {
                    assertThat(a[k]).containsExactly(b[k]);
                }
                refill(a[3], a[4], rep);
                refill(b[3], b[4], rep);
            }
        }
    }

    private static float[][] randomState(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] s = new float[6][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = (float) (-60 + 12 * r.nextDouble());
            s[1][i] = (float) (3 * r.nextDouble());
            s[2][i] = (float) (3 * r.nextDouble());
            s[5][i] = (float) (5 * r.nextDouble());
        }
        refill(s[3], s[4], 0);
        return s;
    }

    private static void refill(float[] exc, float[] inh, int rep) {
        for (int i = 0; i < exc.length; i++) {
            exc[i] = (i + rep) % 3 == 0 ? 1.62f : 0f;
            inh[i] = (i + rep) % 5 == 0 ? 9f : 0f;
        }
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> new LifCuba(0, 5, 10, -65, -50, -60, 5, 1)).hasMessageContaining("tauMemMs");
        assertThatThrownBy(() -> new LifCuba(20, 5, 10, -65, -50, -40, 5, 1)).hasMessageContaining("vReset");
        assertThatThrownBy(() -> new LifCuba(20, 5, 10, -65, -50, -60, -1, 1)).hasMessageContaining("refractoryMs");
    }

    @Test
    void restClearsStateAndRefractoriness() {
        Simulation sim = Simulation.create(DT, 1);
        Population p = sim.population("p", 1, MODEL);
        SpikeArraySource in = sim.spikeArraySource("in", 1, new int[] {0}, new double[] {0});
        sim.connect(in, p).weight(5000).build();       // one huge input: spike at step 1
        SpikeMonitor m = sim.spikeMonitor(p);
        sim.run(5);
        assertThat(m.eventSteps()).containsExactly(1L);
        sim.rest();
        assertThat(p.variable("v")[0]).isEqualTo(-65f);
        assertThat(p.variable("ge")[0]).isZero();
        sim.run(5);                                     // replayed input fires again although < 50 steps passed
        assertThat(m.total()).isEqualTo(2);
    }
}
