package org.snn4j.core.sim.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeArraySource;

class TripletStdpTest {
    private static final double DT = 0.5;

    private static float run(TripletStdp rule, double w0, long[] preSteps, long[] postSteps, int steps) {
        Simulation sim = Simulation.create(DT, 1);
        double[] times = new double[preSteps.length];
        for (int k = 0; k < times.length; k++) {
            times[k] = preSteps[k] * DT;
        }
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[preSteps.length], times);
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, postSteps));
        Projection proj = sim.connect(pre, post).weight(w0).plasticity(rule).build();
        sim.run(steps);
        return proj.weight(0, 0);
    }

    private static final TripletStdp RULE = TripletStdp.builder().preTaus(16.8, 101).postTaus(33.7, 125)
            .potentiation(0.005, 0.0062).depression(0.007, 0.0023).bounds(0, 10).build();

    @Test
    void postPrePostTripletMatchesTheFormula() {
        long a = 10;
        long b = 30;
        long c = 50;
        double dep = Math.exp(-(b - a) * DT / 33.7) * (0.007 + 0.0023 * 0);
        double pot = Math.exp(-(c - b) * DT / 16.8) * (0.005 + 0.0062 * Math.exp(-(c - a) * DT / 125));
        assertThat((double) run(RULE, 1.0, new long[] {b}, new long[] {a, c}, 80))
                .isCloseTo(1.0 - dep + pot, within(2e-6));
    }

    @Test
    void prePostPreTripletUsesTheSlowPresynapticTraceForDepression() {
        long a = 10;
        long b = 30;
        long c = 50;
        double pot = Math.exp(-(b - a) * DT / 16.8) * 0.005;
        double dep = Math.exp(-(c - b) * DT / 33.7) * (0.007 + 0.0023 * Math.exp(-(c - a) * DT / 101));
        assertThat((double) run(RULE, 1.0, new long[] {a, c}, new long[] {b}, 80))
                .isCloseTo(1.0 + pot - dep, within(2e-6));
    }

    @Test
    void tripletTermMakesPotentiationGrowWithPostsynapticBursts() {
        TripletStdp noPair = RULE.toBuilder().potentiation(0, 0.0062).depression(0, 0).build();
        // one post spike after the pre spike: no earlier post spike, so the triplet term is zero
        assertThat(run(noPair, 1.0, new long[] {10}, new long[] {14}, 30)).isEqualTo(1.0f);
        // a second post spike sees o2 of the first
        double expected = 1.0 + Math.exp(-8 * DT / 16.8) * 0.0062 * Math.exp(-4 * DT / 125);
        assertThat((double) run(noPair, 1.0, new long[] {10}, new long[] {14, 18}, 30))
                .isCloseTo(expected, within(2e-6));
    }

    @Test
    void nearestResetsTracesToOne() {
        TripletStdp nearest = RULE.toBuilder().pairing(PairStdp.Pairing.NEAREST).depression(0, 0).build();
        // pre at 0 and 2 then post at 6: nearest r1 = e^{-4dt/τ+}, no earlier post
        assertThat((double) run(nearest, 1.0, new long[] {0, 2}, new long[] {6}, 20))
                .isCloseTo(1.0 + 0.005 * Math.exp(-4 * DT / 16.8), within(2e-6));
    }

    @Test
    void publishedParameterSets() {
        TripletStdp v = TripletStdp.visualCortexAllToAll();
        assertThat(v.tauXMs()).isEqualTo(101);
        assertThat(v.tauYMs()).isEqualTo(125);
        assertThat(v.a3Plus()).isEqualTo(6.2e-3);
        assertThat(v.a3Minus()).isEqualTo(2.3e-4);
        TripletStdp h = TripletStdp.hippocampalAllToAll();
        assertThat(h.tauXMs()).isEqualTo(946);
        assertThat(h.tauYMs()).isEqualTo(27);
        assertThat(h.a2Plus()).isEqualTo(6.1e-3);
        assertThatThrownBy(() -> RULE.toBuilder().preTaus(-1, 100).build()).hasMessageContaining("tauPlusMs");
        assertThatThrownBy(() -> RULE.toBuilder().depression(0.1, -0.1).build()).hasMessageContaining("a3Minus");
    }
}
