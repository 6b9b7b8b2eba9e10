package org.snn4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.Shape;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** 3 images of 4 x 5 with pixel values (i·20 + p)·3 mod 256 (covers 0 and 255). */
    static IdxImages images(int n, int rows, int cols) {
        byte[] pix = new byte[n * rows * cols];
        for (int i = 0; i < pix.length; i++) {
            pix[i] = (byte) ((i * 3) % 256);
        }
        pix[0] = (byte) 255;
        return new IdxImages(n, rows, cols, pix);
    }

    private static byte[] bytes(IdxImages img, Compression c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdxWriter.writeImages(out, img, c);
        return out.toByteArray();
    }

    private static byte[] labelBytes(byte[] labels, Compression c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IdxWriter.writeLabels(out, labels, c);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void rawLayoutIsTheIdxFormat() throws IOException {
        byte[] raw = bytes(images(3, 4, 5), Compression.NONE);
        ByteBuffer b = ByteBuffer.wrap(raw);
        assertThat(b.getInt()).isEqualTo(0x00000803);
        assertThat(new int[] {b.getInt(), b.getInt(), b.getInt()}).containsExactly(3, 4, 5);
        assertThat(raw).hasSize(16 + 60);
        assertThat(raw[16]).isEqualTo((byte) 255);
        byte[] lab = labelBytes(new byte[] {7, 1}, Compression.NONE);
        assertThat(lab).containsExactly(0, 0, 8, 1, 0, 0, 0, 2, 7, 1);
    }

    @Test
    void roundTripGzipAndRawDetectedByContentNotName() throws IOException {
        IdxImages img = images(3, 4, 5);
        byte[] labels = {0, 9, 4};
        // gzip content under a raw name, raw content under a .gz name
        Path gzNoSuffix = file("imgs-idx3-ubyte", bytes(img, Compression.GZIP));
        Path rawWithGz = file("imgs.gz", bytes(img, Compression.NONE));
        assertThat(Files.readAllBytes(gzNoSuffix)[0]).isEqualTo((byte) 0x1f);
        for (Path p : new Path[] {gzNoSuffix, rawWithGz}) {
            IdxImages back = IdxReader.readImages(p);
            assertThat(back.count()).isEqualTo(3);
            assertThat(back.rows()).isEqualTo(4);
            assertThat(back.cols()).isEqualTo(5);
            assertThat(back.pixels()).isEqualTo(img.pixels());
        }
        for (Compression c : Compression.values()) {
            Path lp = file("labels-" + c, labelBytes(labels, c));
            assertThat(IdxReader.readLabels(lp, 10)).containsExactly(labels);
        }
    }

    @Test
    void idxDatasetScalesBytesBy255AndHasShape1xRxC() throws IOException {
        IdxImages img = images(3, 4, 5);
        Path ip = file("i", bytes(img, Compression.GZIP));
        Path lp = file("l", labelBytes(new byte[] {2, 0, 9}, Compression.NONE));
        IdxDataset ds = IdxDataset.load("t/train", DatasetName.FASHION_MNIST, ip, lp);
        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.sampleShape()).isEqualTo(Shape.of(1, 4, 5));
        assertThat(ds.numClasses()).isEqualTo(10);
        assertThat(ds.label(2)).isEqualTo(9);
        assertThat(ds.classNames().get(ds.label(2))).isEqualTo("Ankle boot");
        float[] f = new float[22];
        ds.copyFeatures(1, f, 2);
        assertThat(f[0]).isZero();
        for (int p = 0; p < 20; p++) {
            int v = img.pixels()[20 + p] & 0xFF;
            assertThat(f[2 + p]).isEqualTo(v / 255f);
            assertThat(ds.pixel(1, p)).isEqualTo(v);
        }
        ds.copyFeatures(0, f, 0);
        assertThat(f[0]).isEqualTo(1f);
        assertThatThrownBy(() -> ds.copyFeatures(0, new float[19], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void badMagicNamesFileAndExpectedMagic() throws IOException {
        byte[] raw = bytes(images(1, 2, 2), Compression.NONE);
        raw[0] = 0x12;
        raw[1] = 0x34;
        Path p = file("bad", raw);
        assertThatThrownBy(() -> IdxReader.readImages(p))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("bad magic number 0x12340803, expected 0x00000803")
                .hasMessageContaining("Fix:");
    }

    @Test
    void swappedFilesAreRecognised() throws IOException {
        Path labels = file("labels", labelBytes(new byte[] {1, 2}, Compression.GZIP));
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("bad magic number 0x00000801: 1 dimension(s), expected 0x00000803")
                .hasMessageContaining("swapped");
        Path images = file("images", bytes(images(1, 2, 2), Compression.NONE));
        assertThatThrownBy(() -> IdxReader.readLabels(images, 10))
                .hasMessageContaining("expected 0x00000801").hasMessageContaining("swapped");
    }

    @Test
    void wrongDataTypeIsRejected() throws IOException {
        byte[] raw = bytes(images(1, 2, 2), Compression.NONE);
        raw[2] = 0x0D;
        Path p = file("float", raw);
        assertThatThrownBy(() -> IdxReader.readImages(p))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("unsupported IDX data type 0x0D (float)")
                .hasMessageContaining("only 0x08 (unsigned byte)");
    }

    @Test
    void truncatedImagesReportExpectedAndFoundBytes() throws IOException {
        byte[] raw = bytes(images(3, 4, 5), Compression.NONE);
        Path p = file("short", Arrays.copyOf(raw, raw.length - 10));
        assertThatThrownBy(() -> IdxReader.readImages(p))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("truncated: the header declares 3 images of 4 x 5 = 60 data bytes (76 with the 16-byte header)")
                .hasMessageContaining("only 50 data bytes follow (66 in all)");
        // the same content gzip'd (a complete gzip stream of a short IDX file)
        Path g = file("short.gz", gzip(Arrays.copyOf(raw, raw.length - 10)));
        assertThatThrownBy(() -> IdxReader.readImages(g)).hasMessageContaining("only 50 data bytes follow");
        // a cut gzip stream
        byte[] gz = bytes(images(50, 28, 28), Compression.GZIP);
        Path cut = file("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(cut))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("gzip data is corrupt or cut short")
                .hasMessageContaining("the header declares 50 images of 28 x 28 = 39200 data bytes, but the stream broke off after");
    }

    @Test
    void truncatedLabelsAndHeader() throws IOException {
        byte[] raw = labelBytes(new byte[] {1, 2, 3, 4, 5}, Compression.NONE);
        Path p = file("short-labels", Arrays.copyOf(raw, raw.length - 2));
        assertThatThrownBy(() -> IdxReader.readLabels(p, 10))
                .hasMessageContaining("header declares 5 labels = 5 data bytes (13 with the 8-byte header), but only 3 data bytes follow");
        Path h = file("short-header", Arrays.copyOf(raw, 6));
        assertThatThrownBy(() -> IdxReader.readLabels(h, 10))
                .hasMessageContaining("truncated IDX header: expected 8 header bytes, found 6");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] raw = labelBytes(new byte[] {1, 2}, Compression.NONE);
        Path p = file("long", Arrays.copyOf(raw, raw.length + 3));
        assertThatThrownBy(() -> IdxReader.readLabels(p, 10))
                .hasMessageContaining("3 unexpected bytes after the 2 data bytes declared by the header");
    }

    @Test
    void labelOutOfRangeReportsFirstBadIndex() throws IOException {
        Path p = file("labels", labelBytes(new byte[] {1, 2, 10, 3, 11}, Compression.GZIP));
        assertThatThrownBy(() -> IdxReader.readLabels(p, 10))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("label 10 at index 2 is outside [0, 10)");
        assertThat(IdxReader.readLabels(p, 12)).containsExactly(1, 2, 10, 3, 11);
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path ip = file("train-images", bytes(images(3, 2, 2), Compression.NONE));
        Path lp = file("train-labels", labelBytes(new byte[] {1, 2}, Compression.NONE));
        assertThatThrownBy(() -> IdxDataset.load("x/train", DatasetName.MNIST, ip, lp))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("count mismatch")
                .hasMessageContaining(ip + " holds 3 images")
                .hasMessageContaining(lp + " holds 2 labels");
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        Path missing = dir.resolve("nope-idx3-ubyte.gz");
        assertThatThrownBy(() -> IdxReader.readImages(missing))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(missing + ": file not found");
        Path empty = file("empty", new byte[0]);
        assertThatThrownBy(() -> IdxReader.readImages(empty))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(empty + ": file is empty (0 bytes)");
        Path emptyGz = file("empty.gz", gzip(new byte[0]));
        assertThatThrownBy(() -> IdxReader.readLabels(emptyGz, 10))
                .hasMessageContaining("file is empty (no bytes after decompression)")
                .hasMessageContaining("0x00000801");
        assertThatThrownBy(() -> IdxReader.readImages(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void zeroOrAbsurdSizesAreRejected() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).putInt(0x803).putInt(0).putInt(28).putInt(28);
        Path zero = file("zero", b.array());
        assertThatThrownBy(() -> IdxReader.readImages(zero))
                .hasMessageContaining("size 0 for dimension 0").hasMessageContaining("must be positive");
        ByteBuffer neg = ByteBuffer.allocate(16).putInt(0x803).putInt(-5).putInt(28).putInt(28);
        assertThatThrownBy(() -> IdxReader.readImages(file("neg", neg.array())))
                .hasMessageContaining("size 4294967291 for dimension 0");
        ByteBuffer big = ByteBuffer.allocate(16).putInt(0x803).putInt(10).putInt(100_000).putInt(28);
        assertThatThrownBy(() -> IdxReader.readImages(file("big", big.array())))
                .hasMessageContaining("100000 x 28 pixels, larger than the supported 16384");
        ByteBuffer huge = ByteBuffer.allocate(16).putInt(0x803).putInt(1_000_000_000).putInt(28).putInt(28);
        assertThatThrownBy(() -> IdxReader.readImages(file("huge", huge.array())))
                .hasMessageContaining("784000000000 pixel bytes, more than one Java array holds");
    }
}
