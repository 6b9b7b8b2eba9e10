package org.snn4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

class ModelFileTest {

    @TempDir
    Path dir;

    /** 20 → 16 → dropout → 5 (no bias) → 3, built with seed 7; provenance says seed 99 so load must copy values. */
    private static Model model() {
        Network net = Network.builder(4, 5).flatten().linear(16).dropout(0.3f).linear(5, false).linear(3).build(7);
        Provenance prov = new Provenance("0.1.0-test", "Eclipse Adoptium 25", "vector, 16 float lanes", 2, 99L,
                Map.of("lr", "5e-4", "epochs", "1", "net", "{\"a\": [1]}"), "2025-01-02T03:04:05Z");
        return new Model(net, "direct", 25, "ce_rate", "fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover"),
                prov);
    }

    private Path saved() throws IOException {
        Path file = dir.resolve("m.snn4j");
        ModelFile.save(model(), file);
        return file;
    }

    private static float[] forward(Network net, float[] input) {
        try (Kernels k = Kernels.create(1)) {
            return net.forward(input, new RunContext(3, 2, false, 11L, k)).output().clone();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void roundTripKeepsSpecMetadataProvenanceAndExactWeights() throws Exception {
        Model original = model();
        Path file = dir.resolve("m.snn4j");
        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);

        assertThat(loaded.network().spec()).isEqualTo(original.network().spec());
        assertThat(loaded.encoder()).isEqualTo("direct");
        assertThat(loaded.steps()).isEqualTo(25);
        assertThat(loaded.loss()).isEqualTo("ce_rate");
        assertThat(loaded.dataset()).isEqualTo("fashion-mnist");
        assertThat(loaded.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover");
        assertThat(loaded.provenance()).isEqualTo(original.provenance());

        List<Parameter> a = original.network().parameters();
        List<Parameter> b = loaded.network().parameters();
        assertThat(b).hasSize(5);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).name()).isEqualTo(a.get(i).name());
            assertThat(b.get(i).shape()).isEqualTo(a.get(i).shape());
            assertThat(bits(b.get(i).value())).isEqualTo(bits(a.get(i).value()));
        }
        // a network built from the provenance seed (99) differs, so the values really came from the file
        assertThat(bits(original.network().spec().build(99).parameters().get(0).value()))
                .isNotEqualTo(bits(a.get(0).value()));

        float[] input = new float[3 * 2 * 20];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] y1 = forward(original.network(), input);
        float[] y2 = forward(loaded.network(), input);
        assertThat(y1).hasSize(3 * 2 * 3);
        assertThat(bits(y2)).isEqualTo(bits(y1));
    }

    /**
     * Saves {@code net} as a model, loads it back and checks the spec, every parameter bit for bit and
     * the outputs of both networks on the same random input bit for bit; returns the loaded network.
     */
    private Network roundTripBitExactly(Network net, String fileName, long seed, long inputSeed) throws Exception {
        Provenance prov = new Provenance("0.1.0-test", "jdk", "scalar", 1, seed, Map.of(), "2025-01-02T03:04:05Z");
        Model original = new Model(net, "direct", 4, "ce_rate", "synthetic", List.of("a", "b", "c"), prov);
        Path file = dir.resolve(fileName);
        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);
        assertThat(loaded.network().spec()).isEqualTo(net.spec());
        List<Parameter> a = net.parameters();
        List<Parameter> b = loaded.network().parameters();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).shape()).isEqualTo(a.get(i).shape());
            assertThat(bits(b.get(i).value())).isEqualTo(bits(a.get(i).value()));
        }
        float[] input = new float[3 * 2 * net.inputShape().size()];
        SplittableRandom rng = new SplittableRandom(inputSeed);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) rng.nextDouble(-1, 1);
        }
        assertThat(bits(forward(loaded.network(), input))).isEqualTo(bits(forward(net, input)));
        return loaded.network();
    }

    @Test
    void convolutionalModelRoundTripsWeightsInOihwLayout() throws Exception {
        Network net = Network.builder(2, 6, 6).conv2d(4, 3, 1, 1).lif(0.9f).conv2d(4, 3, 2, 0).flatten().linear(3)
                .build(5);
        Network loaded = roundTripBitExactly(net, "conv.snn4j", 5L, 4L);
        List<Parameter> b = loaded.parameters();
        assertThat(b).hasSize(6);
        assertThat(b.get(0).shape()).isEqualTo(org.snn4j.core.Shape.of(4, 2, 3, 3));
    }

    @Test
    void rectangularConvolutionRoundTripsWithItsGeometryAndWeights() throws Exception {
        Network net = Network.builder(2, 5, 8).add(org.snn4j.core.layer.Conv2d.Spec.builder(4, 3).kernel(2, 3)
                .stride(1, 2).padding(0, 1).dilation(2, 1).groups(2).build()).lif(0.9f).flatten().linear(3).build(6);
        Network loaded = roundTripBitExactly(net, "rect.snn4j", 6L, 8L);
        assertThat(loaded.layers().get(0).outputShape()).isEqualTo(org.snn4j.core.Shape.of(4, 3, 4));
        assertThat(loaded.parameters().get(0).shape()).isEqualTo(org.snn4j.core.Shape.of(4, 1, 2, 3));
    }

    @Test
    void specialFloatValuesSurviveBitExactly() throws Exception {
        Model m = model();
        float[] w = m.network().parameters().get(0).value();
        w[0] = Float.NaN;
        w[1] = Float.intBitsToFloat(0x7fc00123);
        w[2] = -0f;
        w[3] = Float.MIN_VALUE;
        w[4] = Float.NEGATIVE_INFINITY;
        Path file = dir.resolve("special.snn4j");
        ModelFile.save(m, file);
        assertThat(bits(ModelFile.load(file).network().parameters().get(0).value())).isEqualTo(bits(w));
    }

    @Test
    void layoutIsAsDocumented() throws Exception {
        byte[] bytes = Files.readAllBytes(saved());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("SNN4JMDL");
        assertThat(b.getInt(8)).isEqualTo(1);
        int h = b.getInt(12);
        assertThat(b.getLong(16)).isEqualTo(bytes.length);
        assertThat((24 + h) % 8).isZero();
        long floats = model().network().parameterCount();
        assertThat(bytes.length).isEqualTo(24 + h + 4 * floats + 4);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        assertThat(b.getInt(bytes.length - 4)).isEqualTo((int) crc.getValue());
        String header = new String(bytes, 24, h, StandardCharsets.UTF_8);
        assertThat(header).contains("\"format\": \"snn4j-model\"", "\"formatVersion\": 1", "\"dataType\": \"float32-le\"",
                "{\"layer\": 1, \"name\": \"weight\", \"shape\": [20, 16], \"offset\": 0, \"count\": 320}",
                "{\"layer\": 1, \"name\": \"bias\", \"shape\": [16], \"offset\": 320, \"count\": 16}",
                "{\"type\": \"linear\", \"inFeatures\": 20, \"outFeatures\": 16, \"bias\": true}",
                "\"config\": {\"epochs\": \"1\", \"lr\": \"5e-4\", \"net\": \"{\\\"a\\\": [1]}\"}");
        // first weight of layer 1 is the first float of the data section
        float w0 = model().network().parameters().get(0).value()[0];
        assertThat(b.getFloat(24 + h)).isEqualTo(w0);
    }

    @Test
    void savingOverAnExistingFileReplacesItAndLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("m.snn4j");
        Files.writeString(file, "old content");
        Model m = model();
        ModelFile.save(m, file);
        assertThat(ModelFile.load(file).network().spec()).isEqualTo(m.network().spec());
        m.network().parameters().get(0).value()[0] = 42f;
        ModelFile.save(m, file);
        assertThat(ModelFile.load(file).network().parameters().get(0).value()[0]).isEqualTo(42f);
        assertThat(listing()).containsExactly("m.snn4j");
    }

    @Test
    void failureDuringWriteLeavesTheOldFileIntact() throws Exception {
        Path file = saved();
        byte[] before = Files.readAllBytes(file);
        Model m = model();
        m.network().parameters().get(0).value()[0] = 42f;
        Thread.currentThread().interrupt();   // the first channel write then fails (ClosedByInterruptException)
        try {
            assertThatThrownBy(() -> ModelFile.save(m, file)).isInstanceOf(IOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("m.snn4j");
    }

    @Test
    void directoryTargetsAndMissingParentsAreClearErrors() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("models"));
        Files.writeString(sub.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> ModelFile.save(model(), sub))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("it is a directory; give a file name");
        assertThat(Files.readString(sub.resolve("keep.txt"))).isEqualTo("x");
        Path missing = dir.resolve("no/such/dir/m.snn4j");
        assertThatThrownBy(() -> ModelFile.save(model(), missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("does not exist; create it first");
        assertThat(listing()).containsExactly("models");
    }

    @Test
    void truncatedFilesAreDetectedBeforeParsing() throws Exception {
        byte[] bytes = Files.readAllBytes(saved());
        int h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        int len = bytes.length;
        Path cut = dir.resolve("cut.snn4j");
        for (int size : new int[] {0, 5, 20}) {
            Files.write(cut, Arrays.copyOf(bytes, size));
            assertThatThrownBy(() -> ModelFile.load(cut))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith(cut + ": truncated: the file has " + size + " bytes, too few for");
        }
        for (int size : new int[] {24, 24 + h / 2, 24 + h + 10, len - 4, len - 1}) {
            Files.write(cut, Arrays.copyOf(bytes, size));
            assertThatThrownBy(() -> ModelFile.load(cut))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage(cut + ": truncated: expected " + len + " bytes, the file has " + size + " ("
                            + (len - size) + " missing); it was cut short while copying or writing. Copy or save it again");
        }
        byte[] longer = Arrays.copyOf(bytes, len + 3);
        Files.write(cut, longer);
        assertThatThrownBy(() -> ModelFile.load(cut))
                .hasMessageContaining("the file has " + (len + 3) + " bytes but its preamble says " + len);
    }

    @Test
    void flippedBytesAreCaughtByTheChecksum() throws Exception {
        byte[] bytes = Files.readAllBytes(saved());
        int h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        Path bad = dir.resolve("bad.snn4j");
        for (int pos : new int[] {24 + h + 100, 30, bytes.length - 2}) {
            byte[] copy = bytes.clone();
            copy[pos] ^= 0x10;
            Files.write(bad, copy);
            assertThatThrownBy(() -> ModelFile.load(bad))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith(bad + ": corrupt: checksum mismatch (CRC32C stored at byte "
                            + (bytes.length - 4))
                    .hasMessageContaining("Restore it from a copy or save the model again");
        }
    }

    @Test
    void badMagicSaysWhatWasFound() throws Exception {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "hello world, not a model at all");
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(f + ": not a snn4j model file: expected the magic bytes \"SNN4JMDL\" at offset 0, found "
                        + "\"hello wo\" (68 65 6c 6c 6f 20 77 6f).");
        Files.write(f, new byte[] {1, 2, (byte) 0xff});
        assertThatThrownBy(() -> ModelFile.load(f)).hasMessageContaining("found bytes 01 02 ff");
        Files.writeString(f, "{\"input\": [3], \"layers\": []}");
        assertThatThrownBy(() -> ModelFile.load(f)).hasMessageContaining("It looks like JSON: architecture files");
    }

    @Test
    void newerFormatVersionIsRefusedWithAdviceToUpgrade() throws Exception {
        Path file = saved();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(file + ": written by a newer snn4j (format v2); this snn4j reads format <= 1; "
                        + "upgrade snn4j to load it");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).hasMessageContaining("invalid format version 0");
    }

    @Test
    void garbageHeaderWithValidChecksumIsMalformedJson() throws Exception {
        Path f = dir.resolve("g.snn4j");
        Files.write(f, craft("{\"format\": \"snn4j-model\",\n  oops", new float[0]));
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(f + ": header: malformed JSON at line 2, column ");
        Files.write(f, craft("[1, 2]", new float[0]));
        assertThatThrownBy(() -> ModelFile.load(f)).hasMessageContaining(f + ": header: expected a JSON object");
    }

    @Test
    void headerFieldsAreValidated() throws Exception {
        String header = header();
        float[] data = data();
        Path f = dir.resolve("h.snn4j");
        Files.write(f, craft(header.replace("\"steps\": 25", "\"steps\": \"many\""), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessage(f + ": header.steps: wrong JSON type: expected an integer (Integer), got string \"many\"");
        Files.write(f, craft(header.replace("\"steps\": 25", "\"steps\": 0"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessage(f + ": header: invalid value: time steps must be >= 1, got 0");
        Files.write(f, craft(header.replace("\"type\": \"dropout\"", "\"type\": \"dropin\""), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining(f + ": header.architecture.layers[2].type: unknown layer type 'dropin'");
        Files.write(f, craft(header.replace("\"loss\": \"ce_rate\",", ""), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining(f + ": header: missing required field 'loss'");
        Files.write(f, craft(header.replace("\"seed\": 99", "\"seed\": 9.5"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining(f + ": header.provenance.seed: expected an integer (long), got 9.5");
        Files.write(f, craft(header.replace("\"steps\": 25", "\"steps\": 25, \"futureField\": {\"x\": 1}"), data));
        assertThat(ModelFile.load(f).steps()).isEqualTo(25);
    }

    @Test
    void parameterTableMustMatchTheArchitecture() throws Exception {
        String header = header();
        float[] data = data();
        Path f = dir.resolve("t.snn4j");
        Files.write(f, craft(header.replace("\"shape\": [20, 16], \"offset\": 0, \"count\": 320",
                "\"shape\": [16, 20], \"offset\": 0, \"count\": 320"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(f + ": header.parameters[0]: parameter table does not match the architecture: the table has "
                        + "layer 1 'weight' [16, 20] (320 values at offset 0), the architecture needs layer 1 'weight' "
                        + "[20, 16] (320 values at offset 0). The file is inconsistent");
        Files.write(f, craft(header.replace("\"name\": \"bias\", \"shape\": [16]", "\"name\": \"b\", \"shape\": [16]"),
                data));
        assertThatThrownBy(() -> ModelFile.load(f)).hasMessageContaining("the table has layer 1 'b' [16]");
        // an architecture that no longer builds
        Files.write(f, craft(header.replace("\"outFeatures\": 16", "\"outFeatures\": 17"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining(f + ": header.architecture: does not build: layer 3 (linear): linear layer "
                        + "expects 16 input features but its input has shape [17]");
        // an architecture with 4 outputs: the table no longer fits it
        Files.write(f, craft(header.replace("\"outFeatures\": 3", "\"outFeatures\": 4"), data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining("header.parameters[3]: parameter table does not match the architecture: the table "
                        + "has layer 4 'weight' [5, 3] (15 values at offset 416), the architecture needs layer 4 "
                        + "'weight' [5, 4] (20 values at offset 416)");
        // one float too few in the data section
        Files.write(f, craft(header, Arrays.copyOf(data, data.length - 1)));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessage(f + ": data section holds " + (data.length - 1) + " floats but the parameter table and "
                        + "architecture need " + data.length + "; the file is corrupt");
        // a table entry missing
        String noLast = header.replaceAll(",\\s*\\{\"layer\": 4, \"name\": \"bias\"[^}]*}", "");
        assertThat(noLast).isNotEqualTo(header);
        Files.write(f, craft(noLast, data));
        assertThatThrownBy(() -> ModelFile.load(f))
                .hasMessageContaining("header.parameters[4]: missing: the architecture has 5 parameters but the table "
                        + "lists 4; the first missing is layer 4 'bias' [3]");
    }

    @Test
    void craftedValidFileLoads() throws Exception {
        Path f = dir.resolve("c.snn4j");
        Files.write(f, craft(header(), data()));
        Model m = ModelFile.load(f);
        assertThat(bits(m.network().parameters().get(0).value()))
                .isEqualTo(bits(model().network().parameters().get(0).value()));
    }

    // ---------------------------------------------------------------- helpers

    private String header() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        int h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        return new String(bytes, 24, h, StandardCharsets.UTF_8).strip();
    }

    private float[] data() throws IOException {
        byte[] bytes = Files.readAllBytes(saved());
        int h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        float[] f = new float[(bytes.length - 28 - h) / 4];
        ByteBuffer.wrap(bytes, 24 + h, 4 * f.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
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

    private List<String> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int[] bits(float[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Float.floatToRawIntBits(a[i]);
        }
        return r;
    }
}
