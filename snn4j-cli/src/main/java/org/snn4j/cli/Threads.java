package org.snn4j.cli;

/** Validation of the {@code --threads} option shared by all commands. */
final class Threads {
    private Threads() {
    }

    /** The thread count to use: the option's value if given, else all available processors. */
    static int resolve(Integer option) {
        if (option == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (option < 1 || option > 1024) {
            throw new CliException("--threads must be between 1 and 1024, got " + option);
        }
        return option;
    }
}
