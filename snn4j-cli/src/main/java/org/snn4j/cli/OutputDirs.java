package org.snn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Output directories of commands: the default name under {@code runs/} and the checks before writing. */
final class OutputDirs {
    private OutputDirs() {
    }

    /** {@code runs/<name>-<yyyyMMdd-HHmmss>}. */
    static Path timestamped(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", name + "-" + stamp);
    }

    /** Creates {@code dir} if needed and checks that it is a writable directory. */
    static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException("output path " + dir + " is a file, not a directory; give a directory with --output");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new CliException("output directory " + dir + " is not writable; choose another with --output");
        }
    }
}
