package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdpCommandTest {

    @TempDir
    Path tmp;

    @Test
    void shortRunOnTheBundledSampleWritesReportAndPlots() throws Exception {
        Path out = tmp.resolve("run");
        CliTest.Result r = CliTest.run("stdp", "--data", "sample", "--neurons", "16", "--train", "200", "--label", "100",
                "--test", "100", "--window", "50", "--seed", "3", "--no-progress", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("command").asText()).isEqualTo("stdp");
        assertThat(j.get("train_samples").asInt()).isEqualTo(200);
        assertThat(j.get("label_samples").asInt()).isEqualTo(100);
        assertThat(j.get("test_samples").asInt()).isEqualTo(100);
        assertThat(j.get("test_accuracy_all_activity").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("train_samples_per_second").asDouble()).isPositive();
        for (String f : new String[] {"report.md", "report.json", "receptive-fields.png", "confusion.png", "training.png"}) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("config").get("excitatory").asInt()).isEqualTo(16);
        assertThat(report.get("running_window_end")).hasSize(3);
        int total = 0;
        for (JsonNode row : report.get("confusion_proportion")) {
            for (JsonNode v : row) {
                total += v.asInt();
            }
        }
        assertThat(total).isEqualTo(100);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("snn4j stdp --data sample --neurons 16").contains("proportion weighting")
                .contains("receptive-fields.png");
    }

    @Test
    void badOptionsGiveOneClearLine() throws Exception {
        expectError(CliTest.run("stdp", "--neurons", "-4"), "--neurons must be between 1 and 10000, got -4");
        expectError(CliTest.run("stdp", "--train", "-1"), "--train must be at least 1, got -1");
        expectError(CliTest.run("stdp", "--data", "sample", "--test", "5000"), "--test must be between 1 and 1000");
        expectError(CliTest.run("stdp", "--data", "cifar"), "cifar", "fashion-mnist");
        expectError(CliTest.run("stdp", "--data", tmp.resolve("nowhere").toString()), "nowhere", "no such directory");
        Files.createDirectories(tmp.resolve("empty"));
        expectError(CliTest.run("stdp", "--data", tmp.resolve("empty").toString()), "empty");
        expectError(CliTest.run("stdp", "--intensity", "0"), "--intensity must be in (0, 100000]");
        expectError(CliTest.run("stdp", "--min-spikes", "-1"), "--min-spikes");
        Path file = Files.writeString(tmp.resolve("a-file"), "keep");
        expectError(CliTest.run("stdp", "--data", "sample", "--train", "10", "--out", file.toString()), "is a file");
        CliTest.Result sel = CliTest.run("stdp", "--selection", "some");
        assertThat(sel.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(sel.errLines().get(0)).contains("some");
    }

    private static void expectError(CliTest.Result r, String... fragments) throws Exception {
        assertThat(r.status()).as(r.out()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("snn4j: error: ").contains(fragments);
        assertThat(r.json().get("error").asText()).contains(fragments);
    }
}
