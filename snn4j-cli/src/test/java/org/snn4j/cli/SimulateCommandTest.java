package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void cubaWritesFiguresPlotsAndReport() throws Exception {
        Path out = tmp.resolve("cuba");
        CliTest.Result r = CliTest.run("simulate", "cuba", "--neurons", "800", "--duration", "300", "--warmup", "0",
                "--raster-ms", "100", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("command").asText()).isEqualTo("simulate cuba");
        assertThat(j.get("neurons").asInt()).isEqualTo(800);
        assertThat(j.get("spikes").asLong()).isPositive();
        assertThat(j.get("mean_rate_hz").asDouble()).isBetween(0.5, 50.0);
        assertThat(j.get("loop_seconds").asDouble()).isPositive();
        assertThat(j.has("time_vs_brian2")).isFalse();           // only for the original network
        assertThat(ImageIO.read(out.resolve("raster.png").toFile()).getWidth()).isPositive();
        assertThat(ImageIO.read(out.resolve("rate.png").toFile()).getWidth()).isPositive();
        assertThat(Files.readString(out.resolve("report.md"))).contains("loop_seconds").contains("raster.png")
                .contains("Command: `snn4j simulate cuba --neurons 800 --duration 300")
                .containsPattern("\\| loop_seconds_each_run \\| \\[[0-9.]+, [0-9.]+, [0-9.]+\\] \\|");
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"cv_isi\"");
    }

    @Test
    void stdpSongWritesTheWeightHistogramAndReport() throws Exception {
        Path out = tmp.resolve("song");
        CliTest.Result r = CliTest.run("simulate", "stdp-song", "--inputs", "200", "--duration", "3000", "--warmup", "0",
                "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("command").asText()).isEqualTo("simulate stdp-song");
        assertThat(j.get("input_spikes").asLong()).isPositive();
        int sum = 0;
        for (JsonNode d : j.get("weight_deciles")) {
            sum += d.asInt();
        }
        assertThat(sum).isEqualTo(200);
        assertThat(j.has("time_vs_brian2")).isFalse();
        assertThat(ImageIO.read(out.resolve("weights.png").toFile()).getHeight()).isPositive();
        assertThat(Files.readString(out.resolve("report.md"))).contains("weight_deciles").contains("weights.png");
        assertUsageError(CliTest.run("simulate", "stdp-song", "--rate", "0", "-o", tmp.toString()), "rate");
        assertUsageError(CliTest.run("simulate", "stdp-song", "--synapse", "magic", "-o", tmp.toString()), "magic");
    }

    @Test
    void rewardTaskLearnsToRespondToThePatternThatIsRewarded() throws Exception {
        Path out = tmp.resolve("reward");
        CliTest.Result r = CliTest.run("simulate", "reward", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("test_response_a").asDouble()).isGreaterThan(0.8);
        assertThat(j.get("test_response_b").asDouble()).isLessThan(0.2);
        assertThat(j.get("block_response_a")).hasSize(6);
        assertThat(ImageIO.read(out.resolve("learning.png").toFile()).getWidth()).isPositive();
        assertUsageError(CliTest.run("simulate", "reward", "--trials", "0", "-o", tmp.toString()), "--trials");
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        assertUsageError(CliTest.run("simulate", "cuba", "--neurons", "5", "-o", tmp.toString()), "at least 10");
        assertUsageError(CliTest.run("simulate", "cuba", "--fan-in", "-3", "-o", tmp.toString()), "--fan-in");
        assertUsageError(CliTest.run("simulate", "cuba", "--duration", "-1", "-o", tmp.toString()), "--duration");
        assertUsageError(CliTest.run("simulate", "cuba", "--warmup", "-1", "-o", tmp.toString()), "--warmup");
        assertUsageError(CliTest.run("simulate", "nonsense"), "nonsense");
        assertUsageError(CliTest.run("simulate"), "available: cuba, stdp-song, reward");
    }

    private static void assertUsageError(CliTest.Result r, String fragment) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("snn4j: error: ").contains(fragment);
    }
}
