package org.snn4j.io;

import java.io.IOException;

/**
 * A model or architecture file that cannot be read: not a snn4j file, written by a newer snn4j,
 * truncated, corrupt, or describing an invalid network. The message names the file, the location
 * inside it (byte offset or JSON path such as {@code layers[1].reset}), what is wrong and how to fix it.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
