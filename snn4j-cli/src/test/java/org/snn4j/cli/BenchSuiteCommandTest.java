package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSuiteCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path suite(String json) throws Exception {
        Path f = tmp.resolve("suite-" + Math.abs(json.hashCode()) + ".json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void trainsConvertsAndMeasuresEveryModelOfASuiteIntoOneReport() throws Exception {
        Path file = suite("""
                {"name": "tiny", "dataset": "fashion-mnist", "seed": 7, "models": [
                  {"name": "fc", "train": {"model": "fc", "epochs": 1, "steps": 3}},
                  {"name": "ann", "train": {"model": "ann-conv", "epochs": 1}},
                  {"name": "ann-snn", "convert": {"from": "ann", "steps": 4, "calibration": 64}}
                ]}""");
        Path out = tmp.resolve("out");
        CliTest.Result r = CliTest.run("bench", "suite", file.toString(), "--limit-train", "128", "--limit-test", "32",
                "--timed-samples", "16", "-t", "1", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.json().get("models").toString()).isEqualTo("[\"fc\",\"ann\",\"ann-snn\"]");
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(results.get("suite").asText()).isEqualTo("tiny");
        assertThat(results.get("seed").asLong()).isEqualTo(7);
        assertThat(results.get("environment").get("logical_cores").asInt()).isPositive();
        assertThat(results.get("environment").get("simd").asText()).isNotBlank();
        JsonNode models = results.get("models");
        assertThat(models).hasSize(3);
        assertThat(models.get(0).get("epochs")).hasSize(1);
        assertThat(models.get(0).get("latency_steps").asInt()).isEqualTo(3);
        assertThat(models.get(1).get("family").asText()).isEqualTo("ANN (no spiking layer)");
        assertThat(models.get(1).get("synops").get("effective_acs").asDouble()).isZero();
        JsonNode snn = models.get(2);
        assertThat(snn.get("family").asText()).isEqualTo("ANN→SNN conversion");
        assertThat(snn.get("latency_steps").asInt()).isEqualTo(4);
        assertThat(snn.get("sweep").get("steps").toString()).isEqualTo("[1,2,4]");
        // the converted network has the ANN's dense operations at each of its 4 steps (BN folded, pooling free)
        assertThat(snn.get("synops").get("dense").asDouble()).isEqualTo(4 * models.get(1).get("synops").get("dense").asDouble());
        assertThat(out.resolve("ann-snn").resolve("snn.snn4j")).exists();
        assertThat(out.resolve("fc").resolve("model.snn4j")).exists();
        for (String png : new String[] {"accuracy-vs-steps.png", "accuracy-vs-synops.png", "firing-rates.png",
                "training-curves.png", "raster-fc.png", "raster-ann-snn.png"}) {
            assertThat(ImageIO.read(out.resolve(png).toFile()).getWidth()).as(png).isPositive();
        }
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| fc |").contains("| ann |").contains("| ann-snn | ANN→SNN conversion |");

        Path again = tmp.resolve("again");
        CliTest.Result r2 = CliTest.run("bench", "suite", file.toString(), "--limit-train", "128", "--limit-test", "32",
                "--timed-samples", "16", "-t", "1", "-o", again.toString());
        assertThat(r2.status()).as(r2.err()).isZero();
        // same seed, same threads: every figure but the timings is reproduced
        assertThat(ReportCommandTest.withoutTiming(again.resolve("results.json")))
                .isEqualTo(ReportCommandTest.withoutTiming(out.resolve("results.json")));
    }

    @Test
    void theDefaultSuiteCoversTheFcConvAndConversionModels() throws Exception {
        Suite s = Suite.defaultSuite();
        assertThat(s.dataset()).isEqualTo("fashion-mnist");
        assertThat(s.models()).extracting(Suite.Entry::name)
                .containsExactly("fc", "conv", "ann-conv", "ann-conv-snn", "ann-conv-qcfs", "ann-conv-qcfs-snn");
        for (Suite.Entry e : s.models()) {
            if (e.train() != null) {
                assertThat(Presets.names()).contains(e.train().model());
            }
        }
    }

    @Test
    void rejectsBrokenSuitesWithMessagesNamingTheProblem() throws Exception {
        String[][] cases = {
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"a\", \"train\": {\"model\": \"fc\", \"epoch\": 1}}]}",
                "epoch"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": []}", "at least one model"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"a\", \"train\": {\"model\": \"fc\", \"epochs\": 1}},"
                + "{\"name\": \"a\", \"train\": {\"model\": \"fc\", \"epochs\": 1}}]}", "appears twice"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"s\", \"convert\": {\"from\": \"ann\", \"steps\": 8}}]}",
                "\"from\" must name an earlier"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"a\", \"train\": {\"model\": \"fc\", \"epochs\": 0}}]}",
                "\"epochs\" must be between"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"a\"}]}", "exactly one of"},
            {"{\"name\": \"x\", \"models\": [{\"name\": \"a\", \"train\": {\"model\": \"fc\", \"epochs\": 1}}]}", "\"dataset\" is missing"},
            {"{\"name\": \"x\", \"dataset\": ", "not a valid suite"},
        };
        for (String[] c : cases) {
            CliTest.Result r = CliTest.run("bench", "suite", suite(c[0]).toString(), "-o", tmp.resolve("never").toString());
            assertThat(r.status()).as(c[1]).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.errLines().get(0)).as(c[1]).contains(c[1]);
        }
        assertThat(tmp.resolve("never")).doesNotExist();
        CliTest.Result missing = CliTest.run("bench", "suite", tmp.resolve("none.json").toString());
        assertThat(missing.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.errLines().get(0)).contains("none.json").contains("does not exist");
    }
}
