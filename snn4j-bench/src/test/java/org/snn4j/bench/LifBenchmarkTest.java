package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snn4j.bench.LifBenchmark.LifShape;

class LifBenchmarkTest {

    @Test
    void bytesPerOpFollowTheDocumentedFormulas() {
        // forward 4·(3·T·B·N + 2·N), backward 4·(4·T·B·N + B·N + 2·N)
        assertThat(LifShape.T25_B128_N1000.forwardBytes()).isEqualTo(4L * (3 * 3_200_000 + 2_000));
        assertThat(LifShape.T25_B128_N1000.forwardBytes()).isEqualTo(38_408_000L);
        assertThat(LifShape.T25_B128_N1000.backwardBytes()).isEqualTo(4L * (4 * 3_200_000 + 128_000 + 2_000));
        assertThat(LifShape.T1_B1_N1000000.forwardBytes()).isEqualTo(20_000_000L);
        assertThat(LifShape.T1_B1_N1000000.backwardBytes()).isEqualTo(28_000_000L);
        assertThat(LifBenchmark.workPerOp("forward", Map.of("shape", "T1_B1_N1000000")))
                .isEqualTo(new Work(20_000_000, Work.Unit.BYTE));
        assertThat(LifBenchmark.workPerOp("backward", Map.of("shape", "T25_B128_N1000")))
                .isEqualTo(new Work(51_720_000, Work.Unit.BYTE));
        assertThatThrownBy(() -> LifBenchmark.workPerOp("step", Map.of("shape", "T1_B1_N1000000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
    }

    /**
     * Forward and backward of a tiny layer (37 neurons: not a multiple of the vector width) equal
     * the LIF recurrence written out here: subtract reset, detached, arctan surrogate.
     */
    @ParameterizedTest
    @CsvSource({"VECTOR, 1", "VECTOR, 2", "SCALAR, 1", "SCALAR, 2"})
    void tinyLayerMatchesTheRecurrence(KernelImpl impl, int threads) {
        int steps = 6;
        int batch = 3;
        int n = 37;
        LifBenchmark bench = new LifBenchmark();
        bench.impl = impl;
        bench.threads = threads;
        bench.prepare(steps, batch, n);
        try {
            int lanes = batch * n;
            float[] s = bench.forward();
            float[] gradInput = bench.backward();
            float beta = LifBenchmark.BETA;
            float theta = LifBenchmark.THRESHOLD;
            int spikes = 0;
            for (int i = 0; i < lanes; i++) {
                float[] uRef = new float[steps];
                float[] sRef = new float[steps];
                float up = 0f;
                float sp = 0f;
                for (int t = 0; t < steps; t++) {
                    float v = beta * up + bench.input[t * lanes + i] - sp * theta;
                    uRef[t] = v;
                    sRef[t] = v - theta > 0f ? 1f : 0f;
                    up = v;
                    sp = sRef[t];
                }
                float g = 0f;
                for (int t = steps - 1; t >= 0; t--) {
                    int at = t * lanes + i;
                    assertThat(bench.u[at]).as("U at t=%d lane %d", t, i).isCloseTo(uRef[t], within(1e-6f));
                    assertThat(s[at]).as("S at t=%d lane %d", t, i).isEqualTo(sRef[t]);
                    g = LifBenchmark.SURROGATE.derivative(uRef[t] - theta) * bench.gradSpikes[at] + beta * g;
                    assertThat(gradInput[at]).as("dL/dI at t=%d lane %d", t, i).isCloseTo(g, within(1e-5f));
                    spikes += (int) sRef[t];
                }
            }
            assertThat(spikes).as("the input drives some neurons over threshold").isPositive();
        } finally {
            bench.tearDown();
        }
    }

    /** The JMH set-up of the million-neuron shape: one step, so U = I and dL/dI = σ'(I − θ)·dL/dS. */
    @Test
    void setUpOfTheMillionNeuronShapeComputesOneStep() {
        LifBenchmark bench = new LifBenchmark();
        bench.shape = LifShape.T1_B1_N1000000;
        bench.impl = KernelImpl.VECTOR;
        bench.threads = 2;
        bench.setUp();
        try {
            assertThat(bench.input).hasSize(1_000_000);
            bench.forward();
            float[] gradInput = bench.backward();
            for (int i = 0; i < 1_000_000; i += 9_973) {
                assertThat(bench.u[i]).isEqualTo(bench.input[i]);
                assertThat(bench.s[i]).isEqualTo(bench.input[i] > 1f ? 1f : 0f);
                float sg = LifBenchmark.SURROGATE.derivative(bench.input[i] - 1f);
                assertThat(gradInput[i]).isCloseTo(sg * bench.gradSpikes[i], within(1e-6f));
            }
        } finally {
            bench.tearDown();
        }
    }
}
