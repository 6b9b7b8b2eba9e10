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
                .containsExactly("fc", "conv", "ann-conv", "ann-conv-snn", "ann-conv-qcfs", "ann-conv-qcfs-snn", "stdp");
        assertThat(s.models().get(6).stdp()).isEqualTo(new Suite.Stdp(100, 20000, 5000, null));
        for (Suite.Entry e : s.models()) {
            if (e.train() != null) {
                assertThat(Presets.names()).contains(e.train().model());
            }
        }
    }

    @Test
    void measuresAnStdpEntryFromTheSpikesOfItsTestPass() throws Exception {
        Path file = suite("""
                {"name": "stdp-only", "dataset": "fashion-mnist", "seed": 5, "models": [
                  {"name": "dc", "stdp": {"neurons": 10, "train": 500, "steps": 200}}
                ]}""");
        Path out = tmp.resolve("stdp-out");
        CliTest.Result r = CliTest.run("bench", "suite", file.toString(), "--limit-train", "40", "--limit-test", "20",
                "-t", "1", "-o", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        // --limit-train caps "train" (500) and the default labelling pass
        assertThat(r.out()).contains("dc: Diehl & Cook, 10 excitatory neurons, 200 steps/image; 40 train / 40 label / 20 test images")
                .contains("dc: test pass 20 images, 0 presentations repeated (fewer than 5 excitatory spikes)");
        JsonNode m = JSON.readTree(out.resolve("results.json").toFile()).get("models").get(0);
        int n = 10;
        int steps = 200;
        assertThat(m.get("family").asText()).isEqualTo("unsupervised STDP");
        assertThat(m.get("network").asText())
                .isEqualTo("Diehl & Cook: 784 Poisson inputs → 10 adaptive-threshold LIF (excitatory) ⇄ 10 inhibitory");
        assertThat(m.get("encoder").asText()).isEqualTo("poisson");
        assertThat(m.get("readout").asText()).isEqualTo("all-activity vote");
        assertThat(m.get("test_samples").asInt()).isEqualTo(20);
        assertThat(m.get("timed_samples").asInt()).isEqualTo(20);
        assertThat(m.get("latency_steps").asInt()).isEqualTo(steps);
        assertThat(m.get("test_accuracy").asDouble()).isBetween(0.0, 1.0);
        JsonNode synops = m.get("synops");
        assertThat(synops.get("dense").asDouble()).isEqualTo((double) steps * (784 * n + n + n * (n - 1)));
        assertThat(synops.get("effective_macs").asDouble()).isZero();
        assertThat(synops.get("effective_acs").asDouble()).isPositive();
        JsonNode layers = m.get("synops_per_layer");
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0).get("dense").asDouble()).isEqualTo((double) steps * 784 * n);
        assertThat(layers.get(1).get("dense").asDouble()).isEqualTo((double) steps * n);
        assertThat(layers.get(2).get("dense").asDouble()).isEqualTo((double) steps * n * (n - 1));
        double sum = 0;
        for (JsonNode l : layers) {
            sum += l.get("effective_acs").asDouble();
        }
        assertThat(sum).isCloseTo(synops.get("effective_acs").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
        // exc→inh is one-to-one (one AC per excitatory spike), inh→exc all but self (N − 1 per inhibitory spike)
        assertThat(layers.get(2).get("effective_acs").asDouble() / (n - 1)).isCloseTo(
                act(m, 1) * n * steps, org.assertj.core.api.Assertions.within(0.06));
        assertThat(layers.get(1).get("effective_acs").asDouble()).isCloseTo(act(m, 0) * n * steps,
                org.assertj.core.api.Assertions.within(0.06));
        JsonNode act = m.get("activation_layers");
        assertThat(act).hasSize(2);
        assertThat(act.get(0).get("neurons").asInt()).isEqualTo(n);
        assertThat(act.get(0).get("membrane_updates").asDouble()).isEqualTo((double) n * steps);
        assertThat(m.get("neuron_steps").asDouble()).isEqualTo(2.0 * n * steps);
        assertThat(m.get("membrane_updates").asDouble()).isEqualTo(2.0 * n * steps);
        assertThat(m.get("activation_sparsity").asDouble()).isStrictlyBetween(0.0, 1.0);
        assertThat(m.get("footprint_bytes").asLong()).isEqualTo(4L * (784 * n + n + n));
        assertThat(m.get("connection_sparsity").asDouble()).isBetween(0.0, 1.0);
        assertThat(m.get("energy_nj").asDouble()).isCloseTo(synops.get("effective_acs").asDouble() * 0.9 / 1000,
                org.assertj.core.api.Assertions.within(1e-3));
        assertThat(m.get("ann_equivalent_energy_nj").asDouble()).isCloseTo((784 * n + n + n * (n - 1)) * 4.6 / 1000,
                org.assertj.core.api.Assertions.within(1e-3));
        assertThat(m.get("sweep").get("steps").toString()).isEqualTo("[" + steps + "]");
        assertThat(m.get("samples_per_second").asDouble()).isPositive();
        assertThat(m.get("peak_heap_mib").asDouble()).isPositive();
        assertThat(m.get("train_seconds").asDouble()).isNotNegative();
        assertThat(ImageIO.read(out.resolve("raster-dc.png").toFile()).getWidth()).isPositive();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| dc | unsupervised STDP |");
    }

    /** The rate of activation layer {@code k} of a results.json model. */
    private static double act(JsonNode model, int k) {
        return model.get("activation_layers").get(k).get("rate").asDouble();
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
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"neurons\": 0}}]}",
                "model \"d\": \"stdp\" needs \"neurons\" between 1 and 10000, got 0"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"train\": 10}}]}",
                "needs \"neurons\" between 1 and 10000, got nothing"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"neurons\": 10, \"test\": 100}}]}",
                "Unrecognized field \"test\""},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"neurons\": 10, \"label\": 0}}]}",
                "\"label\" must be at least 1 image, got 0"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"neurons\": 10},"
                + " \"train\": {\"model\": \"fc\", \"epochs\": 1}}]}", "exactly one of \"train\", \"convert\", \"load\", \"stdp\", not 2"},
            {"{\"name\": \"x\", \"dataset\": \"fashion-mnist\", \"models\": [{\"name\": \"d\", \"stdp\": {\"neurons\": 10}},"
                + " {\"name\": \"s\", \"convert\": {\"from\": \"d\", \"steps\": 8}}]}", "\"from\" must name an earlier train or load"},
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
