package org.snn4j.core.sim.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif.Dynamics;
import org.snn4j.core.sim.neuron.AdaptiveThresholdLif.SpikeSelection;

class AdaptiveThresholdLifTest {

    private static final AdaptiveThresholdLif EXC = AdaptiveThresholdLif.diehlCookExcitatory(7);

    private static int step(Dynamics d, float[] exc, int[] spikes) {
        return d.step(exc, new float[d.size()], null, spikes);
    }

    @Test
    void membraneLeaksExactlyTowardRest() {
        Dynamics d = EXC.create(1, 1.0);
        d.variable("v")[0] = -55f;
        int[] spikes = new int[1];
        for (int k = 1; k <= 50; k++) {
            assertThat(step(d, new float[1], spikes)).isZero();
            assertThat((double) d.variable("v")[0]).isCloseTo(-65 + 10 * Math.exp(-k / 100.0), within(1e-4));
        }
    }

    @Test
    void inputIsAddedAfterTheLeakAndIsZeroedAndThresholdIncludesTheta() {
        Dynamics d = EXC.create(2, 1.0);
        d.variable("v")[0] = -60f;
        d.theta()[1] = 3f;
        float[] exc = {2f, 12.5f};
        float[] inh = {0.5f, 0f};
        int[] spikes = new int[2];
        int n = d.step(exc, inh, null, spikes);
        assertThat((double) d.variable("v")[0]).isCloseTo(-65 + 5 * Math.exp(-0.01) + 1.5, within(1e-4));
        // neuron 1: v = -65 + 12.5 = -52.5 < -52 + θ·e^{-1e-7}: no spike although above V_t alone
        assertThat(n).isZero();
        assertThat(exc).containsExactly(0f, 0f);
        assertThat(inh).containsExactly(0f, 0f);
        float[] more = {0f, 10f};
        assertThat(step(d, more, spikes)).isEqualTo(1);
        assertThat(spikes[0]).isEqualTo(1);
        assertThat(d.variable("v")[1]).isEqualTo(-60f);
    }

    @Test
    void thetaGrowsPerSpikeAndDecaysExponentiallyAndSurvivesRest() {
        AdaptiveThresholdLif fastTheta = new AdaptiveThresholdLif(100, -65, -60, -52, 0, 0.25, 50,
                SpikeSelection.ALL, 1);
        Dynamics d = fastTheta.create(1, 1.0);
        int[] spikes = new int[1];
        assertThat(step(d, new float[] {30f}, spikes)).isEqualTo(1);
        assertThat(d.theta()[0]).isEqualTo(0.25f);
        assertThat(step(d, new float[] {30f}, spikes)).isEqualTo(1);
        double expected = 0.25 * Math.exp(-1 / 50.0) + 0.25;
        assertThat((double) d.theta()[0]).isCloseTo(expected, within(1e-6));
        d.rest();
        assertThat(d.variable("v")[0]).isEqualTo(-65f);
        assertThat((double) d.theta()[0]).isCloseTo(expected, within(1e-6));
        for (int k = 1; k <= 40; k++) {
            step(d, new float[1], spikes);
            assertThat((double) d.theta()[0]).isCloseTo(expected * Math.exp(-k / 50.0), within(1e-5));
        }
        d.setAdaptation(false);
        float frozen = d.theta()[0];
        assertThat(step(d, new float[] {40f}, spikes)).isEqualTo(1);
        assertThat(d.theta()[0]).isEqualTo(frozen);
    }

    @Test
    void refractoryNeuronIgnoresInputForRStepsWhileLeaking() {
        Dynamics d = EXC.create(1, 1.0);
        int[] spikes = new int[1];
        List<Integer> spikeSteps = new ArrayList<>();
        for (int k = 0; k < 14; k++) {
            if (step(d, new float[] {20f}, spikes) == 1) {
                spikeSteps.add(k);
            }
            if (k >= 1 && k <= 5) {
                assertThat((double) d.variable("v")[0]).isCloseTo(-65 + 5 * Math.exp(-k / 100.0), within(1e-4));
                assertThat(d.variable("refractory")[0]).isEqualTo(5f - k);
            }
        }
        assertThat(spikeSteps).containsExactly(0, 6, 12);
    }

    @Test
    void oneHighestKeepsTheNeuronFurthestAboveThresholdButResetsAndAdaptsAll() {
        Dynamics d = EXC.withSelection(SpikeSelection.ONE_HIGHEST).create(4, 1.0);
        int[] spikes = new int[4];
        int n = step(d, new float[] {14f, 20f, 5f, 17f}, spikes);
        assertThat(n).isEqualTo(1);
        assertThat(spikes[0]).isEqualTo(1);
        assertThat(d.variable("v")).containsExactly(-60f, -60f, -60f, -60f);
        assertThat(d.theta()).containsExactly(0.05f, 0.05f, 0f, 0.05f);
        assertThat(d.variable("refractory")).containsExactly(5f, 5f, 0f, 5f);
        Dynamics all = EXC.withSelection(SpikeSelection.ALL).create(4, 1.0);
        assertThat(step(all, new float[] {14f, 20f, 5f, 17f}, spikes)).isEqualTo(3);
        assertThat(spikes).startsWith(0, 1, 3);
    }

    @Test
    void oneRandomDrawsUniformlyAmongCrossersAndIsReproducible() {
        int[] histogram = new int[3];
        List<Integer> first = new ArrayList<>();
        for (int trial = 0; trial < 2; trial++) {
            Dynamics d = EXC.create(3, 1.0);
            int[] spikes = new int[3];
            for (int k = 0; k < 3000; k++) {
                d.rest();
                d.theta()[0] = d.theta()[1] = d.theta()[2] = 0f;
                assertThat(step(d, new float[] {20f, 20f, 20f}, spikes)).isEqualTo(1);
                if (trial == 0) {
                    histogram[spikes[0]]++;
                    first.add(spikes[0]);
                } else {
                    assertThat(spikes[0]).isEqualTo(first.get(k));
                }
            }
        }
        for (int c : histogram) {
            assertThat(c).isBetween(900, 1100);
        }
    }

    @Test
    void inhibitoryPresetIsAPlainLifWithoutAdaptation() {
        Dynamics d = AdaptiveThresholdLif.diehlCookInhibitory().create(2, 1.0);
        int[] spikes = new int[2];
        assertThat(d.step(new float[] {22.5f, 22.5f}, new float[2], null, spikes)).isEqualTo(2);
        assertThat(d.theta()).containsExactly(0f, 0f);
        assertThat(d.variable("v")).containsExactly(-45f, -45f);
        d.step(new float[] {22.5f, 0f}, new float[2], null, spikes);
        d.step(new float[] {22.5f, 0f}, new float[2], null, spikes);
        // refractory for 2 steps: input ignored, v leaks toward −60 with τm = 10 ms
        assertThat((double) d.variable("v")[0]).isCloseTo(-60 + 15 * Math.exp(-0.2), within(1e-4));
        assertThat(d.step(new float[] {22.5f, 0f}, new float[2], null, spikes)).isEqualTo(1);
    }

    @Test
    void rejectsBadParametersAndUnknownVariables() {
        assertThatThrownBy(() -> new AdaptiveThresholdLif(0, -65, -60, -52, 5, 0.05, 1e7, SpikeSelection.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tauMemMs");
        assertThatThrownBy(() -> new AdaptiveThresholdLif(100, -65, -50, -52, 5, 0.05, 1e7, SpikeSelection.ALL, 0))
                .hasMessageContaining("vReset");
        assertThatThrownBy(() -> new AdaptiveThresholdLif(100, -65, -60, -52, 5, -1, 1e7, SpikeSelection.ALL, 0))
                .hasMessageContaining("thetaPlus");
        assertThatThrownBy(() -> new AdaptiveThresholdLif(100, -65, -60, -52, 5, 0.05, 1e7, null, 0))
                .hasMessageContaining("ONE_RANDOM");
        assertThatThrownBy(() -> EXC.create(3, 1.0).variable("ge")).hasMessageContaining("theta");
    }
}
