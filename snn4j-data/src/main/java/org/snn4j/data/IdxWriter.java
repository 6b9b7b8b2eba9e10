package org.snn4j.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes unsigned-byte IDX files in the layout {@link IdxReader} reads: big-endian magic
 * ({@code 0x00000803} images, {@code 0x00000801} labels), the sizes, then the bytes. With
 * {@link Compression#GZIP} the output is deterministic for a given input and zlib build (Java writes a
 * fixed gzip header with modification time 0).
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** Writes {@code images} to {@code file} (created or replaced). */
    public static void writeImages(Path file, IdxImages images, Compression compression) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeImages(out, images, compression);
        }
    }

    /** Writes {@code labels} ({@code [n]} unsigned bytes) to {@code file} (created or replaced). */
    public static void writeLabels(Path file, byte[] labels, Compression compression) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeLabels(out, labels, compression);
        }
    }

    /** Writes an image file to {@code out}; finishes the gzip stream but does not close {@code out}. */
    public static void writeImages(OutputStream out, IdxImages images, Compression compression) throws IOException {
        write(out, compression, IdxReader.IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
    }

    /** Writes a label file to {@code out}; finishes the gzip stream but does not close {@code out}. */
    public static void writeLabels(OutputStream out, byte[] labels, Compression compression) throws IOException {
        write(out, compression, IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    private static void write(OutputStream raw, Compression compression, int magic, int[] dims, byte[] data) throws IOException {
        GZIPOutputStream gz = compression == Compression.GZIP ? new BestGzip(raw) : null;
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gz != null ? gz : raw, 1 << 16));
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        if (gz != null) {
            gz.finish();
        }
        raw.flush();
    }

    /** gzip at deflate level 9. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
