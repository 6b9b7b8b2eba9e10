package org.snn4j.cli;

/** A problem with what the user asked for; printed as one line, exit status 2. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
