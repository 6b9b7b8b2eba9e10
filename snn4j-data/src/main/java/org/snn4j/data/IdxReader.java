package org.snn4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (the MNIST family's format), gzip'd or raw. Compression is detected
 * from the first two bytes ({@code 1f 8b} = gzip), never from the file name.
 *
 * <p>Format (big-endian): magic {@code 0x0000 TT DD} with data type {@code TT = 0x08} (unsigned byte) and
 * {@code DD} dimensions, then {@code DD} 32-bit sizes, then the product of the sizes in bytes. Images are
 * {@code 0x00000803 [n, rows, cols]}, labels {@code 0x00000801 [n]}.
 *
 * <p>Checks: magic number and data type, positive and plausible sizes (rows, cols ≤ {@value #MAX_SIDE},
 * at most {@value #MAX_BYTES} data bytes), the exact byte count (a truncated file reports the bytes
 * expected and found; trailing bytes are an error too), and for labels the range {@code < numClasses}
 * (reporting the first bad index). Each failure is a {@link DatasetException} naming the source.
 */
public final class IdxReader {

    /** Magic number of an unsigned-byte 3-D IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte 1-D IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest accepted image side. */
    public static final int MAX_SIDE = 16_384;
    /** Largest accepted data payload: what one Java byte array can hold. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final String FIX_REDOWNLOAD = "Fix: download or extract the file again (an interrupted copy leaves it short).";

    private IdxReader() {
    }

    /** Reads an image file, {@code [n, rows, cols]} unsigned bytes. */
    public static IdxImages readImages(Path file) throws DatasetException {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read the file: " + e + ". Fix: check its permissions.", e);
        }
    }

    /** Reads a label file, {@code [n]} unsigned bytes, each checked to be {@code < numClasses}. */
    public static byte[] readLabels(Path file, int numClasses) throws DatasetException {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString(), numClasses);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read the file: " + e + ". Fix: check its permissions.", e);
        }
    }

    /**
     * Reads an image file from {@code in} (gzip'd or raw; the stream is not closed).
     *
     * @param source the name used in error messages, e.g. the path or resource name
     */
    public static IdxImages readImages(InputStream in, String source) throws DatasetException {
        InputStream s = decompressing(in, source);
        int[] dims = readHeader(s, source, IMAGES_MAGIC, "images");
        int n = dims[0];
        int rows = dims[1];
        int cols = dims[2];
        if (rows > MAX_SIDE || cols > MAX_SIDE) {
            throw new DatasetException(source + ": header declares images of " + rows + " x " + cols
                    + " pixels, larger than the supported " + MAX_SIDE + " per side; the header is corrupt or this is not an image file."
                    + " Fix: check that the path names an IDX image file such as train-images-idx3-ubyte.gz.");
        }
        long total = (long) n * rows * cols;
        if (total > MAX_BYTES) {
            throw new DatasetException(source + ": header declares " + n + " images of " + rows + " x " + cols + " = "
                    + total + " pixel bytes, more than one Java array holds (" + MAX_BYTES + "); the header is corrupt."
                    + " " + FIX_REDOWNLOAD);
        }
        String what = n + " images of " + rows + " x " + cols;
        byte[] pixels = readPayload(s, source, (int) total, 16, what);
        return new IdxImages(n, rows, cols, pixels);
    }

    /**
     * Reads a label file from {@code in} (gzip'd or raw; the stream is not closed).
     *
     * @param numClasses labels must lie in {@code [0, numClasses)}, {@code 1 <= numClasses <= 256}
     */
    public static byte[] readLabels(InputStream in, String source, int numClasses) throws DatasetException {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must lie in [1, 256] for unsigned-byte labels, got " + numClasses);
        }
        InputStream s = decompressing(in, source);
        int[] dims = readHeader(s, source, LABELS_MAGIC, "labels");
        int n = dims[0];
        if (n > MAX_BYTES) {
            throw new DatasetException(source + ": header declares " + n + " labels, more than one Java array holds."
                    + " " + FIX_REDOWNLOAD);
        }
        byte[] labels = readPayload(s, source, n, 8, n + " labels");
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (v >= numClasses) {
                throw new DatasetException(source + ": label " + v + " at index " + i + " is outside [0, " + numClasses
                        + ") (the data set has " + numClasses + " classes). Fix: check that this label file belongs to the"
                        + " chosen data set, or choose the data set whose class count matches.");
            }
        }
        return labels;
    }

    /** Opens {@code file} for reading, or says clearly that it is missing, empty or a directory. */
    private static InputStream open(Path file) throws DatasetException {
        try {
            if (Files.isDirectory(file)) {
                throw new DatasetException(file + ": is a directory, not an IDX file. Fix: give the path of the file itself.");
            }
            if (Files.size(file) == 0) {
                throw new DatasetException(file + ": file is empty (0 bytes); an IDX file has at least an 8-byte header. "
                        + FIX_REDOWNLOAD);
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found. Fix: check the path, or put the IDX file there"
                    + " (names like train-images-idx3-ubyte.gz or train-images-idx3-ubyte are accepted).", e);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot open the file: " + e + ". Fix: check that it exists and is readable.", e);
        }
    }

    /** Wraps {@code in} in a gzip decoder when it starts with {@code 1f 8b}. */
    private static InputStream decompressing(InputStream in, String source) throws DatasetException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        try {
            b.mark(2);
            int b0 = b.read();
            int b1 = b.read();
            b.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
            }
            return b;
        } catch (EOFException | ZipException e) {
            throw new DatasetException(source + ": the gzip header is corrupt or cut short (" + e.getMessage() + "). " + FIX_REDOWNLOAD, e);
        } catch (IOException e) {
            throw new DatasetException(source + ": cannot read: " + e, e);
        }
    }

    /** Reads and checks magic and sizes; returns the sizes. */
    private static int[] readHeader(InputStream s, String source, int expectedMagic, String kind) throws DatasetException {
        int expectedDims = expectedMagic & 0xFF;
        byte[] magic = read(s, source, 4);
        if (magic.length == 0) {
            throw new DatasetException(source + ": file is empty (no bytes after decompression); expected an IDX " + kind
                    + " header with magic 0x" + hex(expectedMagic) + ". " + FIX_REDOWNLOAD);
        }
        if (magic.length < 4) {
            throw new DatasetException(source + ": truncated IDX header: expected 4 magic bytes, found " + magic.length + ". " + FIX_REDOWNLOAD);
        }
        int m = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
        String otherHint = expectedMagic == IMAGES_MAGIC
                ? " (0x" + hex(LABELS_MAGIC) + " is a label file: are the image and label files swapped?)"
                : " (0x" + hex(IMAGES_MAGIC) + " is an image file: are the image and label files swapped?)";
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetException(source + ": not an IDX file: bad magic number 0x" + hex(m) + ", expected 0x" + hex(expectedMagic)
                    + " (IDX unsigned-byte " + kind + "). Fix: point to an MNIST-format file such as "
                    + (expectedMagic == IMAGES_MAGIC ? "train-images-idx3-ubyte.gz" : "train-labels-idx1-ubyte.gz") + ".");
        }
        int type = magic[2] & 0xFF;
        if (type != 0x08) {
            throw new DatasetException(source + ": unsupported IDX data type 0x" + String.format("%02X", type) + " (" + typeName(type)
                    + ") in magic number 0x" + hex(m) + "; only 0x08 (unsigned byte) is read, expected magic 0x" + hex(expectedMagic)
                    + ". Fix: convert the data to unsigned bytes (0..255).");
        }
        int nd = magic[3] & 0xFF;
        if (nd != expectedDims) {
            throw new DatasetException(source + ": bad magic number 0x" + hex(m) + ": " + nd + " dimension(s), expected 0x" + hex(expectedMagic)
                    + " with " + expectedDims + " for " + kind + otherHint + ".");
        }
        byte[] dimBytes = read(s, source, 4 * nd);
        if (dimBytes.length < 4 * nd) {
            throw new DatasetException(source + ": truncated IDX header: expected " + (4 + 4 * nd) + " header bytes, found "
                    + (4 + dimBytes.length) + ". " + FIX_REDOWNLOAD);
        }
        int[] dims = new int[nd];
        for (int d = 0; d < nd; d++) {
            int v = ((dimBytes[4 * d] & 0xFF) << 24) | ((dimBytes[4 * d + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * d + 2] & 0xFF) << 8) | (dimBytes[4 * d + 3] & 0xFF);
            if (v <= 0) {
                throw new DatasetException(source + ": IDX header declares size " + Integer.toUnsignedString(v) + " for dimension " + d
                        + " of the " + kind + "; sizes must be positive and below 2^31. The header is corrupt. " + FIX_REDOWNLOAD);
            }
            dims[d] = v;
        }
        return dims;
    }

    /** Reads exactly {@code count} data bytes and checks that nothing follows them. */
    private static byte[] readPayload(InputStream in, String source, int count, int headerBytes, String what) throws DatasetException {
        Counting s = new Counting(in);
        byte[] data;
        try {
            data = s.readNBytes(count);
        } catch (EOFException | ZipException e) {
            throw new DatasetException(source + ": the gzip data is corrupt or cut short (" + e.getMessage() + "): the header declares "
                    + what + " = " + count + " data bytes, but the stream broke off after " + s.count + ". " + FIX_REDOWNLOAD, e);
        } catch (IOException e) {
            throw corrupt(source, e);
        }
        if (data.length < count) {
            throw new DatasetException(source + ": truncated: the header declares " + what + " = " + count + " data bytes ("
                    + ((long) count + headerBytes) + " with the " + headerBytes + "-byte header"
                    + "), but only " + data.length + " data bytes follow (" + ((long) data.length + headerBytes) + " in all). " + FIX_REDOWNLOAD);
        }
        long extra;
        try {
            extra = s.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw corrupt(source, e);
        }
        if (extra > 0) {
            throw new DatasetException(source + ": " + extra + " unexpected bytes after the " + count + " data bytes declared by the header ("
                    + what + "); the header or the file is corrupt. " + FIX_REDOWNLOAD);
        }
        return data;
    }

    private static byte[] read(InputStream s, String source, int count) throws DatasetException {
        try {
            return s.readNBytes(count);
        } catch (IOException e) {
            throw corrupt(source, e);
        }
    }

    private static DatasetException corrupt(String source, IOException e) {
        if (e instanceof EOFException || e instanceof ZipException) {
            return new DatasetException(source + ": the gzip data is corrupt or cut short (" + e.getMessage() + "). " + FIX_REDOWNLOAD, e);
        }
        return new DatasetException(source + ": read failed: " + e, e);
    }

    private static String hex(int v) {
        return String.format("%08X", v);
    }

    private static String typeName(int t) {
        return switch (t) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }

    /** Counts the bytes read through it, to report where a broken stream stopped. */
    private static final class Counting extends java.io.FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
