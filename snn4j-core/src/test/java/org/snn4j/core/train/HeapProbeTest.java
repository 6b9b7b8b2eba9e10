package org.snn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapProbeTest {
    private static float[] kept;

    @Test
    void seesAnArrayTheWorkAllocatesAndKeeps() {
        int floats = 8 << 20; // 32 MiB
        HeapProbe.Result r = HeapProbe.measure(() -> kept = new float[floats]);
        long bytes = 4L * floats;
        assertThat(r.peakBytes()).isGreaterThanOrEqualTo(bytes);
        assertThat(r.retainedBytes() - r.baselineBytes()).isGreaterThan(bytes - (1 << 20));
        assertThat(r.peakAboveBaselineBytes()).isEqualTo(r.peakBytes() - r.baselineBytes());
        assertThat(r.seconds()).isGreaterThanOrEqualTo(0);
        assertThat(r.toString()).contains("peak").contains("MiB");
        kept = null;
        assertThat(HeapProbe.maxHeapBytes()).isGreaterThan(bytes);
    }
}
