package org.snn4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The IDX image data sets snn4j knows by name. All three share one file format (28 × 28 unsigned-byte
 * images, 10 classes, files {@code train-images-idx3-ubyte[.gz]} etc.); the name only labels the data:
 * its class names and where {@link DataLocator} looks ({@code <root>/<id>}).
 */
public enum DatasetName {
    /** Zalando's Fashion-MNIST (MIT licence); the bundled sample is a subset of it. */
    FASHION_MNIST("fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")),
    /** LeCun, Cortes and Burges' handwritten digits. */
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    /** Kuzushiji-MNIST: ten cursive hiragana, romanised (お き す つ な は ま や れ を). */
    KMNIST("kmnist", List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"));

    private final String id;
    private final List<String> classNames;

    DatasetName(String id, List<String> classNames) {
        this.id = id;
        this.classNames = classNames;
    }

    /** The lower-case name used on the command line and as directory name, e.g. {@code "fashion-mnist"}. */
    public String id() {
        return id;
    }

    /** Class names indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /**
     * The data set called {@code name} (case-insensitive; {@code _} and {@code -} are interchangeable).
     *
     * @throws IllegalArgumentException naming the unknown name and listing the known ones
     */
    public static DatasetName parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (DatasetName d : values()) {
                if (d.id.equals(n)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "'; known data sets: " + known());
    }

    /** The known ids, comma-separated: {@code "fashion-mnist, mnist, kmnist"}. */
    public static String known() {
        return Arrays.stream(values()).map(DatasetName::id).collect(Collectors.joining(", "));
    }
}
