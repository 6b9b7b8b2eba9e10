package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SimBenchmarkTest {

    @Test
    void bytesPerOpAreThreeArraysReadAndWritten() {
        assertThat(SimBenchmark.workPerOp("lifCubaStep", Map.of("shape", "N4000")))
                .isEqualTo(new Work(96_000, Work.Unit.BYTE));
        assertThatThrownBy(() -> SimBenchmark.workPerOp("deliver", Map.of("shape", "N4000")))
                .hasMessageContaining("unknown");
    }

    /** Both twins advance the same state identically from the same set-up. */
    @Test
    void vectorAndScalarStepsAgree() {
        SimBenchmark a = new SimBenchmark();
        SimBenchmark b = new SimBenchmark();
        a.shape = b.shape = SimBenchmark.SimShape.N4000;
        a.impl = KernelImpl.VECTOR;
        b.impl = KernelImpl.SCALAR;
        a.setUp();
        b.setUp();
        int spikes = 0;
        for (int step = 0; step < 200; step++) {
            int ca = a.lifCubaStep();
            assertThat(ca).isEqualTo(b.lifCubaStep());
            spikes += ca;
        }
        assertThat(spikes).isPositive();
        assertThat(a.v).containsExactly(b.v);
        assertThat(a.ge).containsExactly(b.ge);
    }
}
