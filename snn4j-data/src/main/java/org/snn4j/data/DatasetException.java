package org.snn4j.data;

import java.io.IOException;

/**
 * A data set file is missing, unreadable or malformed, or no data was found where it was looked for.
 * The message names the file or directory, what is wrong, and how to fix it.
 */
public class DatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
