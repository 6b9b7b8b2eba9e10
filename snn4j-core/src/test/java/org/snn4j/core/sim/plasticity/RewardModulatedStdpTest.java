package org.snn4j.core.sim.plasticity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.snn4j.core.sim.Population;
import org.snn4j.core.sim.Projection;
import org.snn4j.core.sim.Simulation;
import org.snn4j.core.sim.SpikeArraySource;
import org.snn4j.core.sim.models.RewardLearningTask;

class RewardModulatedStdpTest {
    private static final double DT = 1.0;
    private static final RewardModulatedStdp RULE = RewardModulatedStdp.builder().aPlus(1).aMinus(0.5)
            .tauEligibilityMs(100).learningRate(0.01).bounds(0, 2).build();

    /** pre at step 10, post at step 13; the reward r is held from step {@code rewardAt} for one step. */
    private static Projection pairing(double reward, long rewardAt) {
        Simulation sim = Simulation.create(DT, 1);
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[] {0}, new double[] {10 * DT});
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, 13));
        Projection proj = sim.connect(pre, post).weight(1.0).plasticity(RULE).build();
        RewardModulatedStdp.Learner learner = (RewardModulatedStdp.Learner) proj.plasticityState();
        sim.run(rewardAt);
        learner.setReward(reward);
        sim.run(1);
        learner.setReward(0);
        sim.run(5);
        return proj;
    }

    @Test
    void eligibilityFollowsThePairAndDecaysExactly() {
        Simulation sim = Simulation.create(DT, 1);
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[] {0}, new double[] {10 * DT});
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, 13));
        Projection proj = sim.connect(pre, post).weight(1.0).plasticity(RULE).build();
        RewardModulatedStdp.Learner learner = (RewardModulatedStdp.Learner) proj.plasticityState();
        sim.run(14);
        double e0 = Math.exp(-3 * DT / 20);
        assertThat((double) learner.eligibility(0)).isCloseTo(e0, within(1e-6));
        sim.run(50);
        assertThat((double) learner.eligibility(0)).isCloseTo(e0 * Math.exp(-50 * DT / 100), within(1e-6));
        assertThat(proj.weight(0, 0)).isEqualTo(1.0f);
        sim.rest();
        assertThat(learner.eligibility(0)).isZero();
    }

    @Test
    void zeroRewardLeavesWeightsAlone() {
        assertThat(pairing(0, 20).weight(0, 0)).isEqualTo(1.0f);
    }

    @Test
    void weightChangeFollowsTheSignOfTheRewardAndTheDecayedEligibility() {
        double e20 = Math.exp(-3 * DT / 20) * Math.exp(-(20 - 13) * DT / 100);
        assertThat((double) pairing(1, 20).weight(0, 0)).isCloseTo(1 + 0.01 * e20, within(1e-6));
        assertThat((double) pairing(-2, 20).weight(0, 0)).isCloseTo(1 - 0.02 * e20, within(1e-6));
        double e80 = Math.exp(-3 * DT / 20) * Math.exp(-(80 - 13) * DT / 100);
        assertThat((double) pairing(1, 80).weight(0, 0)).isCloseTo(1 + 0.01 * e80, within(1e-6));
    }

    @Test
    void postBeforePreGivesNegativeEligibility() {
        Simulation sim = Simulation.create(DT, 1);
        SpikeArraySource pre = sim.spikeArraySource("pre", 1, new int[] {0}, new double[] {15 * DT});
        Population post = sim.population("post", 1, ScheduledSpikes.at(0, 10));
        Projection proj = sim.connect(pre, post).weight(1.0).plasticity(RULE).build();
        RewardModulatedStdp.Learner learner = (RewardModulatedStdp.Learner) proj.plasticityState();
        sim.run(16);
        assertThat((double) learner.eligibility(0)).isCloseTo(-0.5 * Math.exp(-5 * DT / 20), within(1e-6));
        learner.setReward(1);
        sim.run(1);
        assertThat(proj.weight(0, 0)).isLessThan(1.0f);
        assertThatThrownBy(() -> learner.setReward(Double.NaN)).hasMessageContaining("reward");
    }

    @Test
    void rewardLearningTaskLearnsToRespondToAAndNotToB() {
        RewardLearningTask.Result r = RewardLearningTask.run(RewardLearningTask.Config.defaults(7));
        double[] a = r.blockResponseA();
        double[] b = r.blockResponseB();
        assertThat(b[0]).as("responds to B before learning").isGreaterThan(0.5);
        assertThat(a[a.length - 1]).isGreaterThan(0.8);
        assertThat(b[b.length - 1]).isLessThan(0.2);
        assertThat(r.testResponseA()).isGreaterThan(0.8);
        assertThat(r.testResponseB()).isLessThan(0.2);
        double first = 0;
        double second = 0;
        for (int i = 0; i < 50; i++) {
            first += r.finalWeights()[i] - r.initialWeights()[i];
            second += r.finalWeights()[50 + i] - r.initialWeights()[50 + i];
        }
        assertThat(first).as("A channels strengthened").isPositive();
        assertThat(second).as("B channels weakened").isNegative();
    }
}
