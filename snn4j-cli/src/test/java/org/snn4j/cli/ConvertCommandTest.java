package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.network.Model;
import org.snn4j.io.ModelFile;

class ConvertCommandTest {
    @TempDir
    Path tmp;

    @Test
    void convertsATrainedAnnAndSweepsTheTimeSteps() throws Exception {
        Path ann = tmp.resolve("ann");
        CliTest.Result train = CliTest.run("train", "--model", "ann-conv", "--limit-train", "256",
                "--limit-test", "64", "--epochs", "1", "-t", "1", "--no-progress", "-o", ann.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Path out = tmp.resolve("snn");
        CliTest.Result r = CliTest.run("convert", ann.resolve("model.snn4j").toString(),
                "--limit-test", "32", "--calibration", "64", "--steps", "1,8,32", "-t", "1", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("steps")).hasSize(3);
        assertThat(j.get("snn_test_accuracy")).hasSize(3);
        assertThat(j.get("thresholds")).hasSize(3);                     // three ReLU layers became IF layers
        assertThat(j.get("test_samples").asInt()).isEqualTo(32);
        Model snn = ModelFile.load(out.resolve("snn.snn4j"));
        assertThat(snn.network().toString()).contains("if[").doesNotContain("relu").doesNotContain("batchnorm");
        assertThat(ImageIO.read(out.resolve("accuracy-vs-steps.png").toFile()).getWidth()).isPositive();
        assertThat(ImageIO.read(out.resolve("synops-vs-steps.png").toFile()).getWidth()).isPositive();
        assertThat(ImageIO.read(out.resolve("accuracy-vs-synops.png").toFile()).getWidth()).isPositive();
        // dense MACs of ann-conv (only taps inside the image count; pad 1 leaves 82 of 84 rows of taps at 28 px, 40 of 42 at 14):
        // conv 1→32: 82²·32, conv 32→64: 40²·32·64, linear 3136·256, linear 256·10
        long dense = 82L * 82 * 32 + 40L * 40 * 32 * 64 + 3136L * 256 + 256 * 10;
        assertThat(j.get("ann_synops").get("dense").asDouble()).isEqualTo(dense);
        assertThat(j.get("ann_synops").get("effective_acs").asDouble()).isZero();     // pixels and activations: MACs
        assertThat(j.get("ann_synops").get("effective_macs").asDouble()).isBetween(1.0, (double) dense);
        assertThat(j.get("ann_synops_per_layer")).hasSize(4);
        JsonNode ops = j.get("snn_synops");
        assertThat(ops).hasSize(3);
        int[] steps = {1, 8, 32};
        for (int k = 0; k < 3; k++) {
            assertThat(ops.get(k).get("dense").asDouble()).isEqualTo(steps[k] * (double) dense);  // BN folded, pooling free
            if (k > 0) {
                assertThat(ops.get(k).get("effective_acs").asDouble()).isGreaterThan(ops.get(k - 1).get("effective_acs").asDouble());
                assertThat(ops.get(k).get("effective_macs").asDouble()).isGreaterThan(ops.get(k - 1).get("effective_macs").asDouble());
            }
        }
        CliTest.Result eval = CliTest.run("eval", out.resolve("snn.snn4j").toString(), "--limit-test", "16", "-t", "1");
        assertThat(eval.status()).as(eval.err()).isZero();                // an ordinary model: stored with T = 64
        assertThat(eval.json().get("test_samples").asInt()).isEqualTo(16);
        assertThat(Files.readString(out.resolve("report.md"))).contains("snn_test_accuracy");

        CliTest.Result bad = CliTest.run("convert", ann.resolve("model.snn4j").toString(),
                "--steps", "8,4", "-o", tmp.resolve("x").toString());
        assertThat(bad.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.errLines().get(0)).contains("--steps");
    }

    @Test
    void rejectsAMissingFileAndASpikingModel() throws Exception {
        CliTest.Result missing = CliTest.run("convert", tmp.resolve("nope.snn4j").toString());
        assertThat(missing.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.errLines().get(0)).contains("does not exist");
        Path snn = tmp.resolve("fc");
        CliTest.Result train = CliTest.run("train", "--model", "fc", "--limit-train", "128",
                "--limit-test", "32", "--epochs", "1", "-T", "2", "-t", "1", "--no-progress", "-o", snn.toString());
        assertThat(train.status()).as(train.err()).isZero();
        CliTest.Result r = CliTest.run("convert", snn.resolve("model.snn4j").toString(),
                "--limit-test", "16", "--calibration", "16", "-o", tmp.resolve("y").toString());
        assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines().get(0)).contains("cannot convert").contains("lif");
    }
}
