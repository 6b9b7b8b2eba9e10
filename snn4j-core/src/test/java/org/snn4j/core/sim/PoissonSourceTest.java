package org.snn4j.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoissonSourceTest {

    /** Per-step spike probability p = rate·dt, independent across steps: counts and inter-spike intervals. */
    @Test
    void matchesIndependentBernoulliTrialsPerStep() {
        Simulation sim = Simulation.create(0.1, 99);
        PoissonSource in = sim.poissonSource("in", 1000, 50);     // p = 0.005 per step
        SpikeMonitor m = sim.spikeMonitor(in);
        sim.run(20_000);                                           // 2 s, spans many calendar windows
        double p = 0.005;
        double expected = 1000 * 20_000 * p;                       // 100 000
        double sd = Math.sqrt(1000 * 20_000 * p * (1 - p));
        assertThat((double) m.total()).isCloseTo(expected, within(5 * sd));
        long[] steps = m.eventSteps();
        int[] idx = m.eventIndices();
        long[] last = new long[1000];
        java.util.Arrays.fill(last, -1);
        double isiSum = 0;
        double isiSq = 0;
        long isiCount = 0;
        for (int k = 0; k < steps.length; k++) {
            if (k > 0) {
                assertThat(steps[k]).isGreaterThanOrEqualTo(steps[k - 1]);
                if (steps[k] == steps[k - 1]) {
                    assertThat(idx[k]).isGreaterThan(idx[k - 1]);   // ascending, no duplicates within a step
                }
            }
            if (last[idx[k]] >= 0) {
                double isi = steps[k] - last[idx[k]];
                isiSum += isi;
                isiSq += isi * isi;
                isiCount++;
            }
            last[idx[k]] = steps[k];
        }
        double mean = isiSum / isiCount;
        double var = isiSq / isiCount - mean * mean;
        assertThat(mean).isCloseTo(1 / p, within(0.03 / p));                      // geometric: mean 1/p
        assertThat(var).isCloseTo((1 - p) / (p * p), within(0.06 * (1 - p) / (p * p))); // variance (1-p)/p²
    }

    @Test
    void zeroRateIsSilentAndRateOneFiresEveryStep() {
        Simulation sim = Simulation.create(1, 1);
        PoissonSource in = sim.poissonSource("in", 3, 0);
        in.setRates(new float[] {0, 1000, 2000});                  // p = 0, 1, clamped to 1
        SpikeMonitor m = sim.spikeMonitor(in);
        sim.run(2500);
        assertThat(m.counts()).containsExactly(0, 2500, 2500);
    }

    @Test
    void newRatesApplyFromTheNextStep() {
        Simulation sim = Simulation.create(1, 4);
        PoissonSource in = sim.poissonSource("in", 200, 0);
        SpikeMonitor m = sim.spikeMonitor(in);
        sim.run(100);
        assertThat(m.total()).isZero();
        in.setRate(100);                                           // p = 0.1
        sim.run(1000);
        assertThat((double) m.total()).isCloseTo(20_000, within(5 * Math.sqrt(200 * 1000 * 0.09)));
        assertThat(in.rates()[17]).isEqualTo(100f);
    }
}
