package org.snn4j.core.sim.neuron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.NeuronDynamics;
import org.snn4j.core.sim.Receptor;

class IzhikevichTest {
    private static final double DT = 0.1;

    /** Spike times (ms) of one neuron driven by a constant current for {@code ms} milliseconds. */
    private static List<Double> spikeTimes(Izhikevich m, float current, double ms) {
        NeuronDynamics d = m.create(1, DT);
        float[] in = {current};
        int[] spikes = new int[1];
        List<Double> times = new ArrayList<>();
        for (int n = 0; n < Math.round(ms / DT); n++) {
            if (d.step(null, null, in, spikes) == 1) {
                times.add(n * DT);
                assertThat(d.variable("v")[0]).isEqualTo((float) m.c());
            }
        }
        return times;
    }

    private static List<Double> intervals(List<Double> times) {
        List<Double> isi = new ArrayList<>();
        for (int k = 1; k < times.size(); k++) {
            isi.add(times.get(k) - times.get(k - 1));
        }
        return isi;
    }

    @Test
    void restsAtTheStableRootOfTheQuadraticAndStaysThere() {
        Izhikevich m = Izhikevich.regularSpiking();
        // 0.04 v² + 4.8 v + 140 = 0: v = −70 (stable) or −50
        assertThat(m.restingPotential()).isCloseTo(-70, within(1e-9));
        NeuronDynamics d = m.create(3, DT);
        assertThat(d.variable("v")).containsOnly(-70f);
        assertThat(d.variable("u")).containsOnly(-14f);
        for (int n = 0; n < 1000; n++) {
            assertThat(d.step(null, null, null, new int[3])).isZero();
        }
        assertThat(d.variable("v")[0]).isCloseTo(-70f, within(1e-4f));
        assertThat(d.variable("u")[0]).isCloseTo(-14f, within(1e-4f));
    }

    @Test
    void subthresholdCurrentSettlesAtTheFixedPoint() {
        Izhikevich m = Izhikevich.regularSpiking();
        NeuronDynamics d = m.create(1, DT);
        float[] current = {2f};
        for (int n = 0; n < 4000; n++) {
            assertThat(d.step(null, null, current, new int[1])).isZero();
        }
        // 0.04 v² + 4.8 v + 142 = 0, lower root; u = b·v
        double vStar = (-4.8 - Math.sqrt(4.8 * 4.8 - 4 * 0.04 * 142)) / 0.08;
        assertThat(d.variable("v")[0]).isCloseTo((float) vStar, within(1e-3f));
        assertThat(d.variable("u")[0]).isCloseTo((float) (0.2 * vStar), within(1e-3f));
        assertThat(Izhikevich.chattering().restingPotential()).isCloseTo(-70, within(1e-9));
        // b = 0.3: no resting state, rest() uses c
        assertThat(new Izhikevich(0.02, 0.3, -65, 8, 30).restingPotential()).isEqualTo(-65);
    }

    @Test
    void regularSpikingFiresTonicallyAndAdapts() {
        List<Double> isi = intervals(spikeTimes(Izhikevich.regularSpiking(), 10f, 1000));
        assertThat(isi).hasSizeGreaterThan(5);
        assertThat(isi.get(isi.size() - 1)).isGreaterThan(1.5 * isi.get(0));
        assertThat(isi.get(1)).isGreaterThan(isi.get(0));
    }

    @Test
    void fastSpikingFiresFasterWithoutAdaptation() {
        List<Double> fs = intervals(spikeTimes(Izhikevich.fastSpiking(), 10f, 1000));
        List<Double> rs = intervals(spikeTimes(Izhikevich.regularSpiking(), 10f, 1000));
        assertThat(fs.size()).isGreaterThan(4 * rs.size());
        // after a short onset FS fires periodically; RS settles only after its ISI more than doubled
        List<Double> steady = fs.subList(3, fs.size());
        double min = steady.stream().mapToDouble(x -> x).min().orElseThrow();
        double max = steady.stream().mapToDouble(x -> x).max().orElseThrow();
        assertThat(max).isLessThanOrEqualTo(1.1 * min);
        double fsRatio = fs.get(fs.size() - 1) / fs.get(0);
        double rsRatio = rs.get(rs.size() - 1) / rs.get(0);
        assertThat(rsRatio).isGreaterThan(2);
        assertThat(fsRatio).isLessThan(rsRatio);
    }

    @Test
    void chatteringFiresInRepeatedBursts() {
        List<Double> isi = intervals(spikeTimes(Izhikevich.chattering(), 10f, 1000));
        long shortOnes = isi.stream().filter(x -> x < 10).count();
        long longOnes = isi.stream().filter(x -> x > 20).count();
        assertThat(longOnes).isGreaterThanOrEqualTo(5);
        assertThat(shortOnes).isGreaterThanOrEqualTo(longOnes);
        assertThat(isi.stream().filter(x -> x >= 10 && x <= 20).count()).isZero();
    }

    @Test
    void intrinsicallyBurstingStartsWithABurstThenSpikesTonically() {
        List<Double> isi = intervals(spikeTimes(Izhikevich.intrinsicallyBursting(), 10f, 1000));
        assertThat(isi.get(0)).isLessThan(10);
        List<Double> later = isi.subList(isi.size() / 2, isi.size());
        assertThat(later).hasSizeGreaterThan(3).allSatisfy(x -> assertThat(x).isGreaterThan(3 * isi.get(0)));
    }

    @Test
    void deltaInputJumpsTheMembrane() {
        Izhikevich m = Izhikevich.regularSpiking();
        NeuronDynamics direct = m.create(2, DT);
        NeuronDynamics ring = m.create(2, DT);
        assertThat(direct.directInput(Receptor.EXCITATORY)).isSameAs(direct.variable("v"));
        assertThat(direct.directInput(Receptor.INHIBITORY)).isNull();
        direct.directInput(Receptor.EXCITATORY)[0] += 5f;
        direct.step(null, null, null, new int[2]);
        float[] exc = {5f, 0f};
        float[] inh = {0f, 3f};
        ring.step(exc, inh, null, new int[2]);
        assertThat(exc).containsOnly(0f);
        assertThat(inh).containsOnly(0f);
        assertThat(ring.variable("v")[0]).isEqualTo(direct.variable("v")[0]);
        // one step from v = −65, u = −14: two half steps of (0.04 v + 5) v + 154
        double v = -65;
        v += DT / 2 * ((0.04 * v + 5) * v + 154);
        v += DT / 2 * ((0.04 * v + 5) * v + 154);
        assertThat(ring.variable("v")[0]).isEqualTo((float) v);
        assertThat(ring.variable("u")[0]).isEqualTo((float) (-14 + DT * 0.02 * (0.2 * v + 14)));
        assertThat(ring.variable("v")[1]).isLessThan(-72f);
        // a large enough excitatory jump fires in the same step
        float[] big = {120f, 0f};
        int[] spikes = new int[2];
        assertThat(ring.step(big, new float[2], null, spikes)).isEqualTo(1);
        assertThat(spikes[0]).isZero();
        assertThat(ring.variable("v")[0]).isEqualTo(-65f);
    }

    @Test
    void restResetsBothVariables() {
        Izhikevich m = Izhikevich.fastSpiking();
        NeuronDynamics d = m.create(2, DT);
        d.variable("v")[1] = 10f;
        d.variable("u")[0] = 3f;
        d.rest();
        assertThat(d.variable("v")).containsOnly(-70f);
        assertThat(d.variable("u")).containsOnly(-14f);
        assertThat(d.variables()).containsExactly("v", "u");
        assertThatThrownBy(() -> d.variable("w")).hasMessageContaining("'w'").hasMessageContaining("[v, u]");
        assertThat(m.name()).isEqualTo("izhikevich");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new Izhikevich(0, 0.2, -65, 8, 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> new Izhikevich(0.02, Double.NaN, -65, 8, 30)).hasMessageContaining("b must be finite");
        assertThatThrownBy(() -> new Izhikevich(0.02, 0.2, 30, 8, 30))
                .hasMessage("c (30.0 mV) must be below vPeak (30.0 mV)");
        assertThatThrownBy(() -> Izhikevich.regularSpiking().create(2, -1)).hasMessageContaining("dtMs");
    }
}
