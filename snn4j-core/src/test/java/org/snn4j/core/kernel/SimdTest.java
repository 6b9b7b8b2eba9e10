package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimdTest {

    @Test
    void vectorKernelsAreUsedWhenTheModuleIsPresent() {
        // The test JVM runs with --add-modules jdk.incubator.vector and without -Dsnn4j.simd=off.
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(Simd.enabled()).isTrue();
        assertThat(Simd.floatLanes()).isEqualTo(KernelFactory.vectorLanes()).isGreaterThanOrEqualTo(4);
        assertThat(Simd.describe()).isEqualTo(
                "vector (jdk.incubator.vector), " + Simd.floatLanes() + " floats per register");
        try (Kernels k = Kernels.create(1)) {
            assertThat(k.name()).isEqualTo("vector");
            assertThat(k.floatLanes()).isEqualTo(Simd.floatLanes());
        }
        try (Kernels k = Kernels.scalar(1)) {
            assertThat(k.name()).isEqualTo("scalar");
        }
    }

    @Test
    void benchmarkReportsPositiveThroughput() {
        try (Kernels k = Kernels.create(1)) {
            double g = KernelBenchmark.gemmGflops(k, true, false, 40, 30, 20, 0.01);
            assertThat(g).isPositive().isFinite();
        }
        try (Kernels k = Kernels.scalar(1)) {
            assertThatThrownBy(() -> KernelBenchmark.gemmGflops(k, false, false, 0, 3, 3, 0.01))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0, 3, 3");
            assertThatThrownBy(() -> KernelBenchmark.gemmGflops(k, false, false, 3, 3, 3, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSeconds");
        }
    }
}
