package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Exit status, standard output and standard error of one command. */
    record Result(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        JsonNode json() throws Exception {
            List<String> lines = outLines();
            return JSON.readTree(lines.get(lines.size() - 1));
        }

        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineUsageError(Result r, String... fragments) throws Exception {
        assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("snn4j: error: ").contains(fragments).doesNotContain("Exception");
        assertThat(r.json().get("error").asText()).contains(fragments);
    }

    @Test
    void infoReportsJdkSimdAndDataSets() throws Exception {
        Result r = run("info");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("JDK:").contains("SIMD:").contains("fashion-mnist");
        JsonNode j = r.json();
        assertThat(j.get("command").asText()).isEqualTo("info");
        assertThat(j.get("simd_float_lanes").asInt()).isPositive();
        assertThat(j.get("datasets").get("fashion-mnist").asText()).doesNotStartWith("not found");
    }

    @Test
    void benchTrainMeasuresEachWorkloadAndThreadCount() throws Exception {
        Result r = run("bench", "train", "--workloads", "fc-folded", "--threads", "1,2", "--batches", "2",
                "--infer-samples", "64");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = results.get(i);
            assertThat(row.get("workload").asText()).isEqualTo("fc-folded");
            assertThat(row.get("threads").asInt()).isEqualTo(i + 1);
            assertThat(row.get("train_samples_per_second").asDouble()).isPositive();
            assertThat(row.get("infer_samples_per_second").asDouble()).isPositive();
            assertThat(row.get("peak_heap_mib").asLong()).isPositive();
        }
        assertThat(r.json().get("gemm_1024_gflops_by_threads").get("2").asDouble()).isPositive();
    }

    @Test
    void badOptionsGiveOneClearLineAndNonZeroExit() throws Exception {
        assertOneLineUsageError(run("train", "--epochs", "-1"), "--epochs must be between 1 and 100000, got -1");
        assertOneLineUsageError(run("train", "--model", "resnet"), "unknown model preset 'resnet'", "fc");
        assertOneLineUsageError(run("train", "--model", tmp.resolve("missing.json").toString()),
                "architecture file", "does not exist");
        assertOneLineUsageError(run("train", "--threads", "0"), "--threads must be between 1 and 1024, got 0");
        assertOneLineUsageError(run("train", "--dataset", "cifar"), "cifar", "fashion-mnist");
        assertOneLineUsageError(run("train", "--data-dir", tmp.resolve("nowhere").toString()), "nowhere");
        assertOneLineUsageError(run("train", "--lr", "-0.1"), "--lr must be positive");
        assertOneLineUsageError(run("train", "--encoder", "morse", "--limit-train", "10", "--epochs", "1"), "morse");
        assertOneLineUsageError(run("eval", tmp.resolve("none.snn4j").toString()), "does not exist");
        Path file = Files.writeString(tmp.resolve("a-file"), "keep me");
        assertOneLineUsageError(run("train", "--output", file.toString(), "--limit-train", "10"), "is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("keep me");
        assertOneLineUsageError(run("train", "--limit-train", "0"), "--limit-train must be between 1 and");
        assertOneLineUsageError(run("train", "--checkpoint-every", "5", "--epochs", "2"), "--checkpoint-every");
        assertOneLineUsageError(run("bench", "train", "--batches", "1"), "--batches must be between 2 and 10000, got 1");
        assertOneLineUsageError(run("train", "--checkpoint-segment", "-3"), "--checkpoint-segment must be between 0");
        assertOneLineUsageError(run("train", "--augment", "flip,rotate", "--limit-train", "10"),
                "unknown augmentation 'rotate'", "shift:N");
        assertOneLineUsageError(run("bench", "train", "--workloads", "resnet"), "unknown benchmark workload 'resnet'",
                "fc-folded");
        Result unknown = run("train", "--frobnicate");
        assertThat(unknown.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknown.errLines()).hasSize(1);
        assertThat(unknown.errLines().get(0)).contains("Unknown option: '--frobnicate'").contains("snn4j train --help");
        Result notNumber = run("train", "--epochs", "ten");
        assertThat(notNumber.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(notNumber.errLines().get(0)).contains("ten");
    }

    @Test
    void corruptModelFileIsReportedWithoutStackTraceUnlessVerbose() throws Exception {
        Path bogus = tmp.resolve("bogus.snn4j");
        Files.writeString(bogus, "this is not a model");
        assertOneLineUsageError(run("eval", bogus.toString()), "bogus.snn4j");
        Result verbose = run("eval", bogus.toString(), "--verbose");
        assertThat(verbose.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(verbose.err()).contains("ModelFormatException").contains("\tat ");
    }

    @Test
    void brokenArchitectureFileNamesTheProblem() throws Exception {
        Path arch = tmp.resolve("net.json");
        Files.writeString(arch, "{\"input\": [784], \"layers\": [{\"type\": \"linear\", \"outFeatures\": 10}, "
                + "{\"type\": \"lif\", \"beta\": 2.0}]}");
        assertOneLineUsageError(run("train", "--model", arch.toString(), "--epochs", "1"), "net.json", "beta");
    }

    /** The demo path end to end: learns the bundled sample well above chance, saves, evaluates again. */
    @Test
    void demoLearnsTheBundledSampleAndTheSavedModelEvaluatesIdentically() throws Exception {
        Path out = tmp.resolve("demo");
        Result demo = run("demo", "--epochs", "1", "--output", out.toString(), "--no-progress");
        assertThat(demo.status()).as(demo.err()).isZero();
        JsonNode j = demo.json();
        assertThat(j.get("command").asText()).isEqualTo("demo");
        assertThat(j.get("train_samples").asInt()).isEqualTo(6000);
        assertThat(j.get("test_samples").asInt()).isEqualTo(1000);
        double accuracy = j.get("test_accuracy").asDouble();
        assertThat(accuracy).isGreaterThan(0.6);
        assertThat(out.resolve("model.snn4j")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.md"))).contains("Test accuracy").contains("Confusion matrix")
                .contains("T-shirt/top");
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(report.get("test_accuracy").asDouble()).isEqualTo(accuracy, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(report.get("provenance").get("seed").asLong()).isEqualTo(42);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("model.snn4j", "report.md", "report.json");
        }

        // eval on the bundled sample's test split through an explicit data directory holding those files
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        for (String f : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz")) {
            try (var in = org.snn4j.data.BundledSample.class.getResourceAsStream(
                    org.snn4j.data.BundledSample.RESOURCE_DIR + f)) {
                Files.copy(in, dataDir.resolve(f));
            }
        }
        Result eval = run("eval", out.resolve("model.snn4j").toString(), "--data-dir", dataDir.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.json().get("test_accuracy").asDouble()).isEqualTo(accuracy);
        assertThat(eval.json().get("test_samples").asInt()).isEqualTo(1000);
    }
}
