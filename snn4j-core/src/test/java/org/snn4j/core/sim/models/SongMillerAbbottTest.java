package org.snn4j.core.sim.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SongMillerAbbottTest {

    /** Brian2's example, 100 s: uniform initial weights end bimodal and the output rate falls from its start. */
    @Test
    void brian2ExampleEndsWithABimodalWeightDistribution() {
        SongMillerAbbott.Result r = SongMillerAbbott.run(SongMillerAbbott.Config.brian2Example(3));
        assertThat((double) r.inputSpikes()).isCloseTo(1000 * 15 * 100, within(5 * Math.sqrt(1.5e6)));
        int[] initial = new int[10];
        for (double w : r.initialWeights()) {
            initial[(int) Math.min(9, w * 10)]++;
        }
        assertThat(Arrays.stream(initial).max().getAsInt()).isLessThan(140);      // uniform at the start
        assertThat(r.bimodal()).as(Arrays.toString(r.deciles())).isTrue();
        assertThat(r.nearZero()).isGreaterThan(0.2);
        assertThat(r.nearMax()).isGreaterThan(0.1);
        assertThat(Arrays.stream(r.finalWeights()).allMatch(w -> w >= 0 && w <= 1)).isTrue();
        double[] rate = r.outputRateBins();
        assertThat(rate).hasSize(100);
        double first = rate[0] + rate[1];
        double last = rate[98] + rate[99];
        assertThat(last).isLessThan(first);
        assertThat(r.outputRateHz()).isBetween(5.0, 80.0);
    }

    @Test
    void conductanceVariantRunsAndStaysInBounds() {
        SongMillerAbbott.Result r = SongMillerAbbott.run(new SongMillerAbbott.Config(200, 15, 0.05, 5000, 0.1,
                SongMillerAbbott.Synapse.CONDUCTANCE, 1));
        assertThat(r.outputSpikes()).isPositive();
        assertThat(Arrays.stream(r.deciles()).sum()).isEqualTo(200);
        assertThat(Arrays.stream(r.finalWeights()).allMatch(w -> w >= 0 && w <= 1)).isTrue();
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThatThrownBy(() -> new SongMillerAbbott.Config(0, 15, 0.01, 1000, 0.1, SongMillerAbbott.Synapse.LINEARISED, 1))
                .hasMessageContaining("inputs");
        assertThatThrownBy(() -> new SongMillerAbbott.Config(10, -1, 0.01, 1000, 0.1, SongMillerAbbott.Synapse.LINEARISED, 1))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> new SongMillerAbbott.Config(10, 15, 0, 1000, 0.1, SongMillerAbbott.Synapse.LINEARISED, 1))
                .hasMessageContaining("gmax");
    }
}
