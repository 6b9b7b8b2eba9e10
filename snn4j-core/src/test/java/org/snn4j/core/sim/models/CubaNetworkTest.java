package org.snn4j.core.sim.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CubaNetworkTest {

    /** 1 s of the original 4 000-neuron network: asynchronous irregular firing at a few Hz (Brian2: 5.6 Hz over 10 s). */
    @Test
    void originalNetworkFiresIrregularlyAtAFewHertz() {
        CubaNetwork.Result r = CubaNetwork.run(new CubaNetwork.Config(4000, 80, 1000, 0.1, 3));
        assertThat((double) r.synapses()).isCloseTo(320_000, within(5 * Math.sqrt(320_000)));
        assertThat(r.meanRateHz()).isBetween(3.0, 12.0);
        assertThat(r.cvIsi()).isBetween(0.4, 1.2);
        assertThat(r.spikeSteps()).hasSize((int) r.spikes()).isSorted();
        assertThat(java.util.Arrays.stream(r.spikeNeurons()).allMatch(n -> n >= 0 && n < 4000)).isTrue();
    }

    @Test
    void sameSeedGivesTheSameSpikes() {
        CubaNetwork.Config c = new CubaNetwork.Config(500, 40, 200, 0.1, 9);
        CubaNetwork.Result a = CubaNetwork.run(c);
        CubaNetwork.Result b = CubaNetwork.run(c);
        assertThat(a.spikes()).isPositive();
        assertThat(b.spikeSteps()).containsExactly(a.spikeSteps());
        assertThat(b.spikeNeurons()).containsExactly(a.spikeNeurons());
    }

    @Test
    void isiCvOfARegularTrainIsZeroAndOfKnownIntervalsIsExact() {
        assertThat(SpikeStatistics.meanIsiCv(new long[] {0, 10, 20, 30}, new int[] {0, 0, 0, 0}, 1)).isZero();
        // intervals 10 and 30: mean 20, population sd 10 → CV 0.5
        assertThat(SpikeStatistics.meanIsiCv(new long[] {0, 10, 40}, new int[] {1, 1, 1}, 2)).isCloseTo(0.5, within(1e-12));
        assertThat(SpikeStatistics.meanIsiCv(new long[] {5}, new int[] {0}, 1)).isNaN();
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThatThrownBy(() -> new CubaNetwork.Config(5, 80, 1000, 0.1, 1)).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> new CubaNetwork.Config(4000, 0, 1000, 0.1, 1)).hasMessageContaining("fan-in");
        assertThatThrownBy(() -> new CubaNetwork.Config(4000, 80, -1, 0.1, 1)).hasMessageContaining("duration");
    }
}
