package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** results.json without the figures that depend on the machine's speed, load or checkout. */
    static JsonNode withoutTiming(Path results) throws Exception {
        JsonNode root = JSON.readTree(results.toFile());
        ((ObjectNode) root).remove("environment");
        ((ObjectNode) root).remove("wall_seconds");
        for (JsonNode m : root.get("models")) {
            ((ObjectNode) m).remove(BenchmarkReport.TIMING_KEYS);
            if (m.has("epochs")) {
                for (JsonNode e : m.get("epochs")) {
                    ((ObjectNode) e).remove("seconds");
                }
            }
        }
        return root;
    }

    @Test
    void measuresASavedModelAndReproducesItsFigures() throws Exception {
        Path trained = tmp.resolve("fc");
        CliTest.Result train = CliTest.run("train", "--model", "fc", "-T", "4", "--limit-train", "256", "--limit-test", "64",
                "--epochs", "1", "-t", "1", "--no-progress", "-o", trained.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Path out = tmp.resolve("report");
        CliTest.Result r = CliTest.run("report", trained.resolve("model.snn4j").toString(), "--limit-test", "48",
                "--timed-samples", "16", "-t", "1", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.json().get("sweep_steps").toString()).isEqualTo("[1,2,4]");

        JsonNode m = JSON.readTree(out.resolve("results.json").toFile()).get("models").get(0);
        assertThat(m.get("family").asText()).isEqualTo("surrogate-gradient BPTT");
        assertThat(m.get("test_samples").asInt()).isEqualTo(48);
        assertThat(m.get("latency_steps").asInt()).isEqualTo(4);
        // 784-1000-10: every step does 784·1000 + 1000·10 multiply-accumulates densely
        assertThat(m.get("synops").get("dense").asDouble()).isEqualTo(4.0 * (784 * 1000 + 1000 * 10));
        assertThat(m.get("footprint_bytes").asLong()).isEqualTo(4L * (784 * 1000 + 1000 + 1000 * 10 + 10));
        assertThat(m.get("neuron_steps").asDouble()).isEqualTo(4.0 * 1010);
        double sparsity = m.get("activation_sparsity").asDouble();
        assertThat(sparsity).isBetween(0.0, 1.0);
        // activation sparsity is 1 − the neuron-weighted mean rate of the two LIF layers
        JsonNode layers = m.get("activation_layers");
        double rate = (1000 * layers.get(0).get("rate").asDouble() + 10 * layers.get(1).get("rate").asDouble()) / 1010;
        assertThat(sparsity).isCloseTo(1 - rate, org.assertj.core.data.Offset.offset(1e-4));
        // the hidden layer reads spikes: ACs; the first reads pixels: MACs
        assertThat(m.get("synops_per_layer").get(0).get("effective_acs").asDouble()).isZero();
        assertThat(m.get("synops_per_layer").get(1).get("effective_macs").asDouble()).isZero();
        double energy = 4.6e-3 * m.get("synops").get("effective_macs").asDouble()
                + 0.9e-3 * m.get("synops").get("effective_acs").asDouble();
        assertThat(m.get("energy_nj").asDouble()).isCloseTo(energy, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(m.get("sweep").get("steps")).hasSize(3);
        for (String png : new String[] {"accuracy-vs-steps.png", "accuracy-vs-synops.png", "firing-rates.png", "raster-fc.png"}) {
            assertThat(ImageIO.read(out.resolve(png).toFile()).getWidth()).as(png).isPositive();
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("| fc | surrogate-gradient BPTT |")
                .contains("![test accuracy against the number of time steps](accuracy-vs-steps.png)");

        Path again = tmp.resolve("again");
        CliTest.Result r2 = CliTest.run("report", trained.resolve("model.snn4j").toString(), "--limit-test", "48",
                "--timed-samples", "16", "-t", "1", "-o", again.toString());
        assertThat(r2.status()).as(r2.err()).isZero();
        assertThat(withoutTiming(again.resolve("results.json"))).isEqualTo(withoutTiming(out.resolve("results.json")));
    }

    @Test
    void rejectsBadInputWithAClearMessage() throws Exception {
        CliTest.Result missing = CliTest.run("report", tmp.resolve("nope.snn4j").toString());
        assertThat(missing.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.errLines().get(0)).contains("nope.snn4j").contains("does not exist");
        Path corrupt = tmp.resolve("corrupt.snn4j");
        Files.writeString(corrupt, "not a model");
        CliTest.Result bad = CliTest.run("report", corrupt.toString(), "-o", tmp.resolve("x").toString());
        assertThat(bad.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.errLines().get(0)).contains("corrupt.snn4j");
        for (String[] opts : new String[][] {{"--pj-mac", "-1"}, {"--steps", "0"}, {"--timed-samples", "0"}, {"-b", "0"}}) {
            CliTest.Result r = CliTest.run("report", corrupt.toString(), opts[0], opts[1]);
            assertThat(r.status()).as(String.join(" ", opts)).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.errLines().get(0)).contains(opts[0]);
        }
    }
}
