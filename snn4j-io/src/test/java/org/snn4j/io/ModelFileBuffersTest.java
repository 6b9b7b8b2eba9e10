package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.Parameter;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;

/** Model files of networks with buffers (batch norm running statistics). */
class ModelFileBuffersTest {
    private static final int STEPS = 3;
    private static final int BATCH = 2;

    @TempDir
    Path dir;

    /** [2, 6, 6] → batchnorm → maxpool 2 → avgpool 3/1/1 → flatten → linear 5 → batchnorm → lif, after two training steps. */
    private static Model trainedModel() {
        Network net = Network.builder(2, 6, 6).batchNorm().maxPool2d(2).avgPool2d(3, 1, 1).flatten().linear(5)
                .batchNorm().lif(0.9f).build(7);
        SplittableRandom rng = new SplittableRandom(4);
        try (Kernels k = Kernels.create(1)) {
            for (int step = 0; step < 2; step++) {
                float[] x = random(rng, STEPS * BATCH * 72);
                var out = net.forward(x, new RunContext(STEPS, BATCH, true, step, k));
                net.zeroGrad();
                net.backward(random(rng, out.output().length), null);
                for (Parameter p : net.parameters()) {
                    for (int i = 0; i < p.size(); i++) {
                        p.value()[i] -= 0.1f * p.grad()[i];
                    }
                }
            }
        }
        Provenance prov = new Provenance("0.1.0-test", "JDK 25", "vector", 1, 99L, Map.of(), "2025-01-02T03:04:05Z");
        return new Model(net, "direct", STEPS, "ce_rate", "", List.of(), prov);
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        return a;
    }

    private static float[] infer(Network net, float[] x) {
        try (Kernels k = Kernels.create(1)) {
            return net.forward(x, new RunContext(STEPS, BATCH, false, 0, k)).output().clone();
        }
    }

    @Test
    void buffersRoundTripAndInferenceIsIdentical() throws Exception {
        Model original = trainedModel();
        Network net = original.network();
        assertThat(net.buffers()).hasSize(4);
        assertThat(net.buffers().get(0).value()).isNotEqualTo(new float[] {0f, 0f});
        assertThat(net.buffers().get(1).value()).isNotEqualTo(new float[] {1f, 1f});
        Path file = dir.resolve("bn.snn4j");
        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);

        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        for (int i = 0; i < net.buffers().size(); i++) {
            assertThat(loaded.network().buffers().get(i).name()).isEqualTo(net.buffers().get(i).name());
            assertThat(bits(loaded.network().buffers().get(i).value())).isEqualTo(bits(net.buffers().get(i).value()));
        }
        for (int i = 0; i < net.parameters().size(); i++) {
            assertThat(bits(loaded.network().parameters().get(i).value()))
                    .isEqualTo(bits(net.parameters().get(i).value()));
        }
        float[] x = random(new SplittableRandom(8), STEPS * BATCH * 72);
        float[] y = infer(net, x);
        assertThat(bits(infer(loaded.network(), x))).isEqualTo(bits(y));
        // without the stored running statistics the outputs would differ
        assertThat(bits(infer(net.spec().build(7), x))).isNotEqualTo(bits(y));
    }

    @Test
    void layoutListsBuffersAfterParameters() throws Exception {
        Model m = trainedModel();
        Path file = dir.resolve("bn.snn4j");
        ModelFile.save(m, file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int h = b.getInt(12);
        Network net = m.network();
        long params = net.parameterCount();
        assertThat(params).isEqualTo(2 + 2 + 18 * 5 + 5 + 5 + 5);
        assertThat(net.bufferCount()).isEqualTo(2 + 2 + 5 + 5);
        assertThat(bytes.length).isEqualTo(24 + h + 4 * (params + net.bufferCount()) + 4);
        String header = new String(bytes, 24, h, StandardCharsets.UTF_8);
        assertThat(header).contains("\"buffers\": [",
                "{\"layer\": 0, \"name\": \"running_mean\", \"shape\": [2], \"offset\": " + params + ", \"count\": 2}",
                "{\"layer\": 0, \"name\": \"running_var\", \"shape\": [2], \"offset\": " + (params + 2) + ", \"count\": 2}",
                "{\"layer\": 5, \"name\": \"running_var\", \"shape\": [5], \"offset\": " + (params + 9) + ", \"count\": 5}",
                "{\"type\": \"maxpool2d\", \"kernelSize\": 2, \"stride\": 2, \"padding\": 0}",
                "{\"type\": \"avgpool2d\", \"kernelSize\": 3, \"stride\": 1, \"padding\": 1}",
                "{\"type\": \"batchnorm\", \"momentum\": 0.1, \"eps\": 1.0E-5, \"affine\": true}");
        assertThat(b.getFloat(24 + h + 4 * (int) params)).isEqualTo(net.buffers().get(0).value()[0]);
        assertThat(b.getFloat(bytes.length - 8)).isEqualTo(net.buffers().get(3).value()[4]);

        // a network without buffers writes no buffers member: the layout is exactly the one before buffers
        Network plain = Network.builder(4).linear(3).build(1);
        ModelFile.save(new Model(plain, "direct", 2, "ce_rate", "", List.of(), m.provenance()), file);
        bytes = Files.readAllBytes(file);
        h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertThat(new String(bytes, 24, h, StandardCharsets.UTF_8)).doesNotContain("buffers");
        assertThat(bytes.length).isEqualTo(24 + h + 4 * 15 + 4);
    }

    @Test
    void bufferTableMustMatchTheArchitecture() throws Exception {
        Model m = trainedModel();
        Path saved = dir.resolve("bn.snn4j");
        ModelFile.save(m, saved);
        byte[] bytes = Files.readAllBytes(saved);
        int h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        String header = new String(bytes, 24, h, StandardCharsets.UTF_8).strip();
        float[] data = new float[(bytes.length - 28 - h) / 4];
        ByteBuffer.wrap(bytes, 24 + h, 4 * data.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        long params = m.network().parameterCount();
        Path f = dir.resolve("t.snn4j");

        Files.write(f, craft(header, data));
        assertThat(bits(ModelFile.load(f).network().buffers().get(2).value()))
                .isEqualTo(bits(m.network().buffers().get(2).value()));

        int cut = header.indexOf(",\n  \"buffers\": [");   // the last member
        assertThat(cut).isPositive();
        String noTable = header.substring(0, cut) + "\n}";
        assertThat(noTable).isNotEqualTo(header).doesNotContain("running_mean");
        Files.write(f, craft(noTable, data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(f + ": header: has no 'buffers' table but the architecture has 4 buffers (e.g. batch norm "
                        + "running statistics); the file is inconsistent");

        Files.write(f, craft(header.replace("\"name\": \"running_var\", \"shape\": [2]",
                "\"name\": \"running_std\", \"shape\": [2]"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessage(f + ": header.buffers[1]: buffer table does not match the architecture: the table has "
                        + "layer 0 'running_std' [2] (2 values at offset " + (params + 2) + "), the architecture needs "
                        + "layer 0 'running_var' [2] (2 values at offset " + (params + 2) + "). The file is inconsistent");

        Files.write(f, craft(header, Arrays.copyOf(data, data.length - 5)));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessage(f + ": data section holds " + (data.length - 5) + " floats but the parameter and buffer "
                        + "tables and architecture need " + data.length + "; the file is corrupt");
    }

    /** A complete, correctly checksummed file with the given header text and data. */
    private static byte[] craft(String header, float[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int len = 24 + h.length + 4 * data.length + 4;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.put("SNN4JMDL".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(h.length).putLong(len).put(h);
        for (float x : data) {
            b.putFloat(x);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, len - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static int[] bits(float[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Float.floatToRawIntBits(a[i]);
        }
        return r;
    }
}
