package org.snn4j.core.sim.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.Connector;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeArraySource;

class PairStdpTest {
    private static final double DT = 0.5;
    private static final double TOL = 2e-6;

    /** One pre channel onto one scheduled post neuron; returns the projection after running {@code steps}. */
    private static Projection pair(PairStdp rule, double w0, long[] preSteps, long[] postSteps, int steps) {
        Simulation sim = Simulation.create(DT, 1);
        double[] times = new double[preSteps.length];
        for (int k = 0; k < times.length; k++) {
            times[k] = preSteps[k] * DT;
        }
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[preSteps.length], times);
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, postSteps));
        Projection proj = sim.connect(pre, post).weight(w0).plasticity(rule).build();
        sim.run(steps);
        return proj;
    }

    private static PairStdp additive() {
        return PairStdp.builder().tauPreMs(16.8).tauPostMs(33.7).aPlus(0.01).aMinus(0.012).build();
    }

    @Test
    void preBeforePostPotentiatesByAPlusTimesDecayedTrace() {
        PairStdp rule = additive();
        for (int k : new int[] {0, 1, 3, 20, 60}) {
            Projection p = pair(rule, 0.5, new long[] {10}, new long[] {10 + k}, 100);
            double expected = 0.5 + 0.01 * Math.exp(-k * DT / 16.8);
            assertThat((double) p.weight(0, 0)).as("k=%d", k).isCloseTo(expected, within(TOL));
        }
    }

    @Test
    void postBeforePreDepressesByAMinusTimesDecayedTrace() {
        PairStdp rule = additive();
        for (int k : new int[] {1, 4, 30}) {
            Projection p = pair(rule, 0.5, new long[] {10 + k}, new long[] {10}, 100);
            double expected = 0.5 - 0.012 * Math.exp(-k * DT / 33.7);
            assertThat((double) p.weight(0, 0)).as("k=%d", k).isCloseTo(expected, within(TOL));
        }
    }

    @Test
    void sameStepPairCountsAsPreBeforePostWithBrian2OrderAndAsBothWithBindsNetOrder() {
        Projection brian = pair(additive(), 0.5, new long[] {7}, new long[] {7}, 20);
        assertThat((double) brian.weight(0, 0)).isCloseTo(0.51, within(TOL));
        PairStdp bindsnet = additive().toBuilder().schedule(PairStdp.Schedule.TRACES_FIRST).build();
        Projection b = pair(bindsnet, 0.5, new long[] {7}, new long[] {7}, 20);
        assertThat((double) b.weight(0, 0)).isCloseTo(0.5 - 0.012 + 0.01, within(TOL));
    }

    @Test
    void allToAllSumsOverTheBurstWhileNearestTakesTheLastSpike() {
        long[] burst = {0, 2, 4};
        double tau = 16.8;
        PairStdp all = additive().toBuilder().aMinus(0).build();
        PairStdp nearest = all.toBuilder().pairing(PairStdp.Pairing.NEAREST).build();
        double sum = 0;
        for (long s : burst) {
            sum += Math.exp(-(10 - s) * DT / tau);
        }
        assertThat((double) pair(all, 0.5, burst, new long[] {10}, 20).weight(0, 0))
                .isCloseTo(0.5 + 0.01 * sum, within(TOL));
        assertThat((double) pair(nearest, 0.5, burst, new long[] {10}, 20).weight(0, 0))
                .isCloseTo(0.5 + 0.01 * Math.exp(-6 * DT / tau), within(TOL));
    }

    @Test
    void allToAllPairsEveryPostSpikeWithEveryEarlierPreSpike() {
        // pre at 0; post at 4 and 8: two potentiations, both from the one pre spike
        PairStdp rule = additive().toBuilder().aMinus(0).build();
        Projection p = pair(rule, 0.2, new long[] {0}, new long[] {4, 8}, 20);
        double expected = 0.2 + 0.01 * (Math.exp(-4 * DT / 16.8) + Math.exp(-8 * DT / 16.8));
        assertThat((double) p.weight(0, 0)).isCloseTo(expected, within(TOL));
    }

    @Test
    void multiplicativeScalesWithDistanceToTheBounds() {
        PairStdp rule = additive().toBuilder().weightDependence(PairStdp.WeightDependence.MULTIPLICATIVE)
                .bounds(0.1, 2.0).aPlus(0.2).aMinus(0.3).build();
        Projection up = pair(rule, 0.8, new long[] {5}, new long[] {8}, 20);
        assertThat((double) up.weight(0, 0))
                .isCloseTo(0.8 + 0.2 * Math.exp(-3 * DT / 16.8) * (2.0 - 0.8), within(TOL));
        Projection down = pair(rule, 0.8, new long[] {8}, new long[] {5}, 20);
        assertThat((double) down.weight(0, 0))
                .isCloseTo(0.8 - 0.3 * Math.exp(-3 * DT / 33.7) * (0.8 - 0.1), within(TOL));
        // many pairings approach but do not pass the upper bound
        long[] pre = new long[40];
        long[] post = new long[40];
        for (int k = 0; k < 40; k++) {
            pre[k] = 100L * k;
            post[k] = 100L * k + 1;
        }
        Projection many = pair(rule.toBuilder().aMinus(0).build(), 0.8, pre, post, 4100);
        assertThat(many.weight(0, 0)).isLessThanOrEqualTo(2.0f).isGreaterThan(1.99f);
    }

    @Test
    void additiveIsClippedToTheHardBounds() {
        PairStdp rule = PairStdp.builder().aPlus(0.05).aMinus(0.05).bounds(0.2, 0.52).build();
        assertThat(pair(rule, 0.5, new long[] {0}, new long[] {1}, 5).weight(0, 0)).isEqualTo(0.52f);
        assertThat(pair(rule, 0.22, new long[] {1}, new long[] {0}, 5).weight(0, 0)).isEqualTo(0.2f);
    }

    @Test
    void onlySynapsesOfSpikingElementsChangeAndTheIncomingIndexFindsThem() {
        Simulation sim = Simulation.create(DT, 3);
        // pre 0 spikes at step 2, pre 2 at step 3; post neuron 1 spikes at step 5
        SpikeArraySource pre = sim.spikeArraySource("pre", 3, new int[] {0, 2}, new double[] {2 * DT, 3 * DT});
        Population post = sim.population("post", 3, new ScheduledSpikes(new long[] {5}, new int[] {1}));
        PairStdp rule = additive();
        Projection proj = sim.connect(pre, post).connector(Connector.allToAll(Connector.Diagonal.EXCLUDE))
                .weight(0.5).plasticity(rule).build();
        sim.run(10);
        assertThat((double) proj.weight(0, 1)).isCloseTo(0.5 + 0.01 * Math.exp(-3 * DT / 16.8), within(TOL));
        assertThat((double) proj.weight(2, 1)).isCloseTo(0.5 + 0.01 * Math.exp(-2 * DT / 16.8), within(TOL));
        assertThat(proj.weight(0, 2)).isEqualTo(0.5f);
        assertThat(proj.weight(2, 0)).isEqualTo(0.5f);
        assertThat(proj.weight(1, 0)).isEqualTo(0.5f);
        assertThat(proj.weight(1, 2)).isEqualTo(0.5f);
        PairStdp.Learner learner = (PairStdp.Learner) proj.plasticityState();
        assertThat((double) learner.postTrace(1)).isCloseTo(Math.exp(-4 * DT / 33.7), within(TOL));
        assertThat(learner.preTrace(1)).isZero();
        sim.rest();
        assertThat(learner.postTrace(1)).isZero();
        assertThat(learner.preTrace(0)).isZero();
    }

    @Test
    void learningOffFreezesWeightsAndTraces() {
        Simulation sim = Simulation.create(DT, 3);
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[] {0}, new double[] {0});
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, 2));
        Projection proj = sim.connect(pre, post).weight(0.5).plasticity(additive()).build();
        proj.setLearning(false);
        sim.run(5);
        assertThat(proj.weight(0, 0)).isEqualTo(0.5f);
        assertThat(((PairStdp.Learner) proj.plasticityState()).preTrace(0)).isZero();
    }

    @Test
    void factoriesCarryThePublishedSettings() {
        PairStdp sma = PairStdp.songMillerAbbott(0.01);
        assertThat(sma.tauPreMs()).isEqualTo(20);
        assertThat(sma.tauPostMs()).isEqualTo(20);
        assertThat(sma.aPlus()).isCloseTo(1e-4, within(1e-15));
        assertThat(sma.aMinus()).isCloseTo(1.05e-4, within(1e-15));
        assertThat(sma.wMin()).isZero();
        assertThat(sma.wMax()).isEqualTo(0.01);
        assertThat(sma.pairing()).isEqualTo(PairStdp.Pairing.ALL_TO_ALL);
        assertThat(sma.schedule()).isEqualTo(PairStdp.Schedule.PRE_THEN_POST);
        PairStdp dc = PairStdp.diehlCook();
        assertThat(dc.aMinus()).isEqualTo(1e-4);
        assertThat(dc.aPlus()).isEqualTo(1e-2);
        assertThat(dc.wMax()).isEqualTo(1);
        assertThat(dc.pairing()).isEqualTo(PairStdp.Pairing.NEAREST);
        assertThat(dc.schedule()).isEqualTo(PairStdp.Schedule.TRACES_FIRST);
        assertThat(dc.name()).isEqualTo("stdp-pair-additive");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> PairStdp.builder().tauPreMs(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tauPreMs");
        assertThatThrownBy(() -> PairStdp.builder().aMinus(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aMinus");
        assertThatThrownBy(() -> PairStdp.builder().bounds(0.5, 0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wMax");
        assertThatThrownBy(() -> PairStdp.builder().bounds(-0.1, 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wMin");
        assertThatThrownBy(() -> PairStdp.builder().weightDependence(PairStdp.WeightDependence.MULTIPLICATIVE)
                .bounds(0, Double.POSITIVE_INFINITY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite wMax");
        assertThatThrownBy(() -> PairStdp.songMillerAbbott(0)).hasMessageContaining("gmax");
    }
}
