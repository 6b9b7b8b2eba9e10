package org.snn4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD choice is made once per JVM, so the switches are tested in child JVMs: with
 * {@code -Dsnn4j.simd=off}, and without the incubator module, the scalar kernels are chosen and
 * produce the same GEMM result as the vector kernels of this JVM.
 */
class SimdSwitchTest {

    /** Entry point of the child JVM: prints the kernel name and a checksum of a GEMM. */
    public static void main(String[] args) {
        try (Kernels k = Kernels.create(1)) {
            System.out.println(k.name() + " " + Simd.enabled() + " " + gemmChecksum(k));
        }
    }

    static String gemmChecksum(Kernels k) {
        int m = 37;
        int n = 29;
        int kk = 53;
        float[] a = new float[m * kk];
        float[] b = new float[kk * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 17) * 0.25f - 2f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 13) * 0.5f - 3f;
        }
        float[] c = new float[m * n];
        k.gemm(false, false, m, n, kk, a, 0, kk, b, 0, n, c, 0, n, false);
        long h = 1;
        for (float v : c) {
            h = h * 31 + Float.floatToIntBits(v);
        }
        return Long.toHexString(h);
    }

    private static String runChild(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SimdSwitchTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.startsWith("WARNING")).reduce((x, y) -> y).orElseThrow();
    }

    @Test
    void simdOffAndMissingModuleSelectTheScalarTwinWithTheSameResult() throws Exception {
        assertThat(Simd.enabled()).as("the test JVM runs with --add-modules jdk.incubator.vector").isTrue();
        String expected;
        try (Kernels k = Kernels.create(1)) {
            assertThat(k.name()).isEqualTo("vector");
            expected = gemmChecksum(k);
        }
        assertThat(runChild("--add-modules", "jdk.incubator.vector")).isEqualTo("vector true " + expected);
        assertThat(runChild("--add-modules", "jdk.incubator.vector", "-Dsnn4j.simd=off")).isEqualTo("scalar false " + expected);
        assertThat(runChild()).isEqualTo("scalar false " + expected);
    }
}
