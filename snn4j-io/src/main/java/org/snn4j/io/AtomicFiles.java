package org.snn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the content goes to a temporary file {@code .<name>.<random>.tmp} in the
 * target's directory, is forced to disk, and is renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (a plain replacing move only where the file system cannot
 * rename atomically); the directory is then forced so the rename is durable. Readers therefore see
 * the old file or the complete new one, never a partial file. On any failure the temporary file is
 * deleted and the target is left as it was.
 */
public final class AtomicFiles {

    /** Writes the whole content to an open channel. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} atomically with {@code bytes} (see the class description). */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    static void write(Path target, Content content) throws IOException {
        writeVia(target, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
            }
        });
    }

    /** Writes a whole file at a path given to it (e.g. a library that opens the file itself). */
    @FunctionalInterface
    public interface PathWriter {
        /**
         * Writes the complete content to {@code tmp}, an existing empty file, and closes it.
         *
         * @throws IOException on failure; the caller then deletes {@code tmp}
         */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Replaces {@code target} atomically with what {@code writer} writes to a temporary file in the
     * same directory (see the class description: the temporary file is forced to disk and renamed
     * over the target; on failure it is deleted and the target is left as it was).
     */
    public static void writeVia(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new FileSystemException(target.toString(), null, "not a file path; give a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, "cannot write: directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist; create it first"));
        }
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(target.toString(), null, "cannot write: it is a directory; give a file name");
        }
        Path tmp = createTemp(dir, abs.getFileName().toString());
        try {
            writer.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** Writes all remaining bytes of {@code buf}. */
    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                // CREATE_NEW with default permissions (unlike Files.createTempFile, which makes the file owner-only).
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open or force a directory; the rename itself has happened,
            // so the only loss is durability against a power failure in the next moments.
        }
    }
}
