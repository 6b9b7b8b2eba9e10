package org.snn4j.cli;

import java.util.Arrays;
import java.util.Locale;

/** Enum values given as text (suite files, options that are not picocli enums). */
final class CliEnums {
    private CliEnums() {
    }

    /**
     * The constant of {@code type} whose name equals {@code value}, ignoring case.
     *
     * @param what the start of the error message, naming where the value came from and the value
     * @throws CliException "{@code what} is not one of [a, b, …]" when no constant matches
     */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new CliException(what + " is not one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
