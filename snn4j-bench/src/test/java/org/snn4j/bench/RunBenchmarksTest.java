package org.snn4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

class RunBenchmarksTest {

    @Test
    void secondsPerOpConvertsTimeAndThroughputScores() {
        assertThat(RunBenchmarks.secondsPerOp(Mode.AverageTime, TimeUnit.MILLISECONDS, 2.5)).isCloseTo(0.0025, within(1e-15));
        assertThat(RunBenchmarks.secondsPerOp(Mode.SampleTime, TimeUnit.MICROSECONDS, 2500)).isCloseTo(0.0025, within(1e-15));
        assertThat(RunBenchmarks.secondsPerOp(Mode.Throughput, TimeUnit.SECONDS, 400)).isCloseTo(0.0025, within(1e-15));
        assertThat(RunBenchmarks.secondsPerOp(Mode.Throughput, TimeUnit.MILLISECONDS, 0.4)).isCloseTo(0.0025, within(1e-15));
        assertThatThrownBy(() -> RunBenchmarks.secondsPerOp(Mode.All, TimeUnit.SECONDS, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workRejectsNonPositiveAmountsAndTimes() {
        assertThatThrownBy(() -> new Work(0, Work.Unit.FLOP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> new Work(1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Work(1, Work.Unit.BYTE).rate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Work(3e9, Work.Unit.BYTE).rate(0.5)).isCloseTo(6.0, within(1e-12));
    }

    /**
     * Every benchmark JMH generated has a work model that accepts each of its parameter values,
     * and forks with the Vector API module.
     */
    @Test
    void everyGeneratedBenchmarkHasAWorkModelAndTheVectorModule() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream in = getClass().getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertThat(in).as("META-INF/BenchmarkList from the annotation processor").isNotNull();
            entries = BenchmarkList.readBenchmarkList(in);
        }
        assertThat(entries).extracting(BenchmarkListEntry::getUsername).contains(
                "org.snn4j.bench.GemmBenchmark.gemm", "org.snn4j.bench.LifBenchmark.forward",
                "org.snn4j.bench.LifBenchmark.backward", "org.snn4j.bench.ConvBenchmark.forward",
                "org.snn4j.bench.ConvBenchmark.backward", "org.snn4j.bench.SparseBenchmark.forward",
                "org.snn4j.bench.SparseBenchmark.weightGradient");
        for (BenchmarkListEntry e : entries) {
            String cls = e.getUserClassQName();
            Work.Model model = RunBenchmarks.WORK.get(cls.substring(cls.lastIndexOf('.') + 1));
            assertThat(model).as("work model for %s", cls).isNotNull();
            String method = e.getUsername().substring(e.getUsername().lastIndexOf('.') + 1);
            Map<String, String[]> params = e.getParams().orElse(Map.of());
            assertThat(params).containsKey("shape");
            for (String shape : params.get("shape")) {
                Map<String, String> one = new HashMap<>();
                params.forEach((k, v) -> one.put(k, v[0]));
                one.put("shape", shape);
                assertThat(model.of(method, one).amount()).as("%s %s", e.getUsername(), shape).isPositive();
            }
            assertThat(e.getJvmArgsAppend().orElse(List.of()))
                    .as("%s forks with the Vector API", e.getUsername())
                    .containsSubsequence("--add-modules", "jdk.incubator.vector");
        }
    }
}
