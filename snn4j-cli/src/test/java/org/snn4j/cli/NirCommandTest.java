package org.snn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;
import org.snn4j.io.ModelFile;

class NirCommandTest {
    /** The real NIR sample files kept with the snn4j-nir tests (tests run in the module directory). */
    private static final Path SAMPLES = Path.of("..", "snn4j-nir", "src", "test", "resources", "nir");

    @TempDir
    Path tmp;

    private static float[] run(Network net, float[] x, int steps, int batch) {
        try (Kernels k = Kernels.create(1)) {
            return net.forward(x, new RunContext(steps, batch, false, 0, k)).output().clone();
        }
    }

    @Test
    void importsARealSinabsFileExportsItAndImportsTheExportToTheSameNetwork() throws Exception {
        Path model = tmp.resolve("cnn.snn4j");
        CliTest.Result imp = CliTest.run("nir", "import", SAMPLES.resolve("cnn_sinabs.nir").toString(), "--convention", "sinabs",
                "-T", "10", "-o", model.toString());
        assertThat(imp.status()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("0: Conv2d (").contains("4: SumPool2d (").contains("float32[16, 2, 5, 5]");
        assertThat(imp.json().get("nodes").asInt()).isEqualTo(15);
        Model m = ModelFile.load(model);
        assertThat(m.steps()).isEqualTo(10);
        assertThat(m.provenance().config()).containsEntry("convention", "sinabs").containsEntry("reset", "subtract")
                .containsEntry("max_spikes", "0");
        assertThat(imp.out()).contains("spikes per step unlimited");
        assertThat(((org.snn4j.core.neuron.IfSpec) m.network().spec().layers().get(1)).maxSpikes()).isZero();

        Path nir = tmp.resolve("cnn.nir");
        CliTest.Result exp = CliTest.run("nir", "export", model.toString(), "--convention", "sinabs", "-o", nir.toString());
        assertThat(exp.status()).as(exp.err()).isZero();
        Path again = tmp.resolve("again.snn4j");
        CliTest.Result imp2 = CliTest.run("nir", "import", nir.toString(), "--convention", "sinabs", "-o", again.toString());
        assertThat(imp2.status()).as(imp2.err()).isZero();
        int steps = 5;
        float[] x = new float[steps * 2 * 34 * 34];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.1 ? 1f : 0f;
        }
        assertThat(run(ModelFile.load(again).network(), x, steps, 1)).containsExactly(run(m.network(), x, steps, 1));
    }

    @Test
    void importsTheNorseLifFileWithTheTimeStepOfTheExperiment() throws Exception {
        Path model = tmp.resolve("lif.snn4j");
        CliTest.Result r = CliTest.run("nir", "import", SAMPLES.resolve("lif_norse.nir").toString(), "--convention", "norse",
                "--dt", "1e-4", "-o", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        // a LIF imported under the Norse convention resets in the same step (IMMEDIATE)
        assertThat(r.out()).contains("NIR 0.1.1").contains("1: LIF (");
        assertThat(ModelFile.load(model).network().toString()).contains("lif[1]");
        assertThat(((org.snn4j.core.neuron.LifSpec) ModelFile.load(model).network().spec().layers().get(1)).resetTiming())
                .isEqualTo(org.snn4j.core.neuron.ResetTiming.IMMEDIATE);
    }

    @Test
    void badFilesOptionsAndUnsupportedModelsGiveOneLineErrors() throws Exception {
        CliTest.Result missing = CliTest.run("nir", "import", tmp.resolve("none.nir").toString());
        assertThat(missing.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(missing.errLines().get(0)).contains("none.nir").contains("does not exist");
        Path text = tmp.resolve("text.nir");
        Files.writeString(text, "not hdf5");
        CliTest.Result notHdf = CliTest.run("nir", "import", text.toString(), "--dt", "1e-3");
        assertThat(notHdf.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(notHdf.errLines().get(0)).contains("text.nir");
        String lif = SAMPLES.resolve("lif_norse.nir").toString();
        CliTest.Result noDt = CliTest.run("nir", "import", lif);
        assertThat(noDt.errLines().get(0)).contains("--dt");
        CliTest.Result badDt = CliTest.run("nir", "import", lif, "--dt", "-1");
        assertThat(badDt.errLines().get(0)).contains("--dt must be a positive");
        CliTest.Result badConv = CliTest.run("nir", "import", lif, "--convention", "brian");
        assertThat(badConv.errLines().get(0)).contains("--convention brian").contains("snntorch");
        CliTest.Result badReset = CliTest.run("nir", "import", lif, "--convention", "norse", "--reset", "none");
        assertThat(badReset.errLines().get(0)).contains("--reset");
        CliTest.Result badSpikes = CliTest.run("nir", "import", lif, "--convention", "norse", "--max-spikes", "-2");
        assertThat(badSpikes.errLines().get(0)).contains("--max-spikes must be 0 (no cap), 1 or a cap k > 1, got -2");
        Path norseModel = tmp.resolve("norse.snn4j");
        assertThat(CliTest.run("nir", "import", lif, "--convention", "norse", "-o", norseModel.toString()).status()).isZero();
        CliTest.Result toSinabs = CliTest.run("nir", "export", norseModel.toString(), "--convention", "sinabs",
                "-o", tmp.resolve("n.nir").toString());
        assertThat(toSinabs.status()).as(toSinabs.err()).isZero();
        assertThat(toSinabs.out()).contains("note: layer 1 (lif) fires one spike at most per step")
                .contains("importers of the sinabs convention simulate any number of spikes");
        Path capped = tmp.resolve("capped.snn4j");
        CliTest.Result cap = CliTest.run("nir", "import", lif, "--convention", "norse", "--max-spikes", "3",
                "-o", capped.toString());
        assertThat(cap.status()).as(cap.err()).isZero();
        assertThat(((org.snn4j.core.neuron.LifSpec) ModelFile.load(capped).network().spec().layers().get(1)).maxSpikes())
                .isEqualTo(3);

        // batch norm has no NIR node: the export names the layer
        Path bn = tmp.resolve("bn.snn4j");
        ModelFile.save(new Model(Network.builder(4).linear(3).batchNorm().lif(0.9f).spec().build(1), "direct", 4, "ce-count",
                "none", List.of(), Provenance.capture(1, 1, java.util.Map.of())), bn);
        CliTest.Result exp = CliTest.run("nir", "export", bn.toString(), "--convention", "snntorch");
        assertThat(exp.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(exp.errLines().get(0)).contains("cannot export").contains("batchnorm");
        assertThat(tmp.resolve("bn.nir")).doesNotExist();
    }
}
