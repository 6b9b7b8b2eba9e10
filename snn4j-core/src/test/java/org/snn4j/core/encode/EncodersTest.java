package org.snn4j.core.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncodersTest {

    @Test
    void directRepeatsInputEveryStep() {
        float[] x = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        Encoder enc = Encoders.byName("direct");
        float[] out = enc.encode(x, 2, 3, 4, 7);
        assertThat(out).hasSize(24);
        for (int t = 0; t < 4; t++) {
            assertThat(Arrays.copyOfRange(out, t * 6, t * 6 + 6)).containsExactly(x);
        }
        assertThat(enc.timeInvariant()).isTrue();
        assertThat(x).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f);
    }

    @Test
    void rateIsDeterministicPerSeedAndMatchesProbability() {
        float[] x = {0f, 0.1f, 0.5f, 0.9f, 1f, 1.5f, -0.2f, 0.3f};
        RateEncoder enc = new RateEncoder();
        int steps = 4000;
        float[] a = enc.encode(x, 2, 4, steps, 123);
        assertThat(a).hasSize(steps * 8);
        assertThat(enc.encode(x, 2, 4, steps, 123)).containsExactly(a);
        assertThat(enc.encode(x, 2, 4, steps, 124)).isNotEqualTo(a);
        double[] rate = new double[8];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 8; i++) {
                float s = a[t * 8 + i];
                assertThat(s == 0f || s == 1f).isTrue();
                rate[i] += (double) s / steps;
            }
        }
        double[] expected = {0, 0.1, 0.5, 0.9, 1, 1, 0, 0.3};
        for (int i = 0; i < 8; i++) {
            // 5σ of a Bernoulli mean over 4000 draws is ≤ 0.04
            assertThat(rate[i]).as("rate of feature %d", i).isCloseTo(expected[i], within(0.04));
        }
        assertThat(rate[0]).isZero();
        assertThat(rate[4]).isCloseTo(1.0, within(1e-12));
        assertThat(rate[6]).isZero();

        float[] halved = new RateEncoder(0.5f).encode(new float[] {1f}, 1, 1, steps, 9);
        double mean = 0;
        for (float v : halved) {
            mean += (double) v / steps;
        }
        assertThat(mean).isCloseTo(0.5, within(0.04));
        assertThat(Encoders.byName("rate")).isEqualTo(new RateEncoder(1f));
        assertThat(Encoders.byName("poisson").name()).isEqualTo("poisson");
    }

    @Test
    void latencyLinearSpikeTimes() {
        LatencyEncoder enc = new LatencyEncoder();
        float[] x = {1f, 0.5f, 0f, 0.005f, 0.3f, 0.25f, 2f};
        int steps = 11;
        float[] out = enc.encode(x, 1, 7, steps, 0);
        int[] expected = {0, 5, -1, -1, 7, 8, 0}; // 0.25 → rint(7.5) = 8 (half to even)
        for (int f = 0; f < 7; f++) {
            int count = 0;
            int at = -1;
            for (int t = 0; t < steps; t++) {
                if (out[t * 7 + f] == 1f) {
                    count++;
                    at = t;
                }
            }
            assertThat(at).as("spike step of x=%s", x[f]).isEqualTo(expected[f]);
            assertThat(count).isEqualTo(expected[f] < 0 ? 0 : 1);
        }
    }

    @Test
    void latencyLogSpikeTimes() {
        LatencyEncoder enc = new LatencyEncoder(LatencyEncoder.Mode.LOG, 0.2f, 5f);
        // 5·ln(1/0.8) = 1.12 → 1; 5·ln 2 = 3.47 → 3; 5·ln 5 = 8.05 → 8 > T−1 = 7: dropped; x = θ: none
        assertThat(enc.spikeTime(1f, 8)).isEqualTo(1);
        assertThat(enc.spikeTime(0.4f, 8)).isEqualTo(3);
        assertThat(enc.spikeTime(0.25f, 8)).isEqualTo(-1);
        assertThat(enc.spikeTime(0.25f, 9)).isEqualTo(8);
        assertThat(enc.spikeTime(0.2f, 100)).isEqualTo(-1);
        assertThat(enc.spikeTime(0.1f, 100)).isEqualTo(-1);
        float[] out = enc.encode(new float[] {1f, 0.4f}, 2, 1, 8, 0);
        float[] expected = new float[16];
        expected[1 * 2] = 1f;
        expected[3 * 2 + 1] = 1f;
        assertThat(out).containsExactly(expected);
    }

    @Test
    void deltaOnStaticInputSpikesOnlyAtFirstStep() {
        float[] x = {0.05f, 0.1f, 0.5f, -0.3f};
        float[] on = new DeltaEncoder().encode(x, 1, 4, 3, 0);
        assertThat(on).containsExactly(0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        float[] onOff = new DeltaEncoder(0.1f, DeltaEncoder.Polarity.ON_OFF).encode(x, 2, 2, 2, 0);
        assertThat(onOff).containsExactly(0, 1, 1, -1, 0, 0, 0, 0);
    }

    @Test
    void deltaOnSequence() {
        // T=3, B=1, F=2
        float[] seq = {0f, 0.5f, 0.2f, 0.45f, 0f, 0.9f};
        assertThat(new DeltaEncoder().encodeSequence(seq, 3, 1, 2)).containsExactly(0, 1, 1, 0, 0, 1);
        assertThat(new DeltaEncoder(0.1f, DeltaEncoder.Polarity.ON_OFF).encodeSequence(seq, 3, 1, 2))
                .containsExactly(0, 1, 1, 0, -1, 1);
        assertThatThrownBy(() -> new DeltaEncoder().encodeSequence(new float[5], 3, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("T·B·F = 6").hasMessageContaining("got 5");
    }

    @Test
    void factoryAndValidation() {
        assertThat(Encoders.byName("Latency")).isInstanceOf(LatencyEncoder.class);
        assertThat(Encoders.byName("delta")).isInstanceOf(DeltaEncoder.class);
        assertThat(Encoders.byName("poisson").timeInvariant()).isFalse();
        assertThatThrownBy(() -> Encoders.byName("burst"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'burst'").hasMessageContaining("direct, poisson, rate, latency, delta");
        assertThatThrownBy(() -> new RateEncoder(-1f)).hasMessageContaining("gain").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new DeltaEncoder(0f, DeltaEncoder.Polarity.ON)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new LatencyEncoder(LatencyEncoder.Mode.LOG, 0.1f, 0f)).hasMessageContaining("tau");
        assertThatThrownBy(() -> new DirectEncoder().encode(new float[5], 2, 3, 1, 0))
                .hasMessageContaining("at least 6").hasMessageContaining("got 5");
        assertThatThrownBy(() -> new DirectEncoder().encode(new float[6], 2, 3, 0, 0))
                .hasMessageContaining("steps=0");
    }
}
