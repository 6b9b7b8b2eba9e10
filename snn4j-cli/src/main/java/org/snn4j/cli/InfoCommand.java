package org.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.Version;
import org.snn4j.core.kernel.Simd;
import org.snn4j.data.DataLocator;
import org.snn4j.data.DataSource;
import org.snn4j.data.DatasetException;
import org.snn4j.data.DatasetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code snn4j info}: the JVM, SIMD mode, threads and the data sets snn4j can find. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, SIMD mode and width, thread count and the data sets found.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        int cores = Runtime.getRuntime().availableProcessors();
        String jdk = System.getProperty("java.vendor") + " " + System.getProperty("java.version");
        out.printf("snn4j %s%n", Version.get());
        out.printf("JDK:      %s (%s)%n", jdk, System.getProperty("java.home"));
        out.printf("SIMD:     %s%n", Simd.describe());
        out.printf("threads:  %d available processors (default for --threads)%n", cores);
        out.printf("max heap: %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        out.println("data sets (search order: --data-dir, $" + DataLocator.ENV_VAR + ", "
                + DataLocator.SYSTEM_FASHION_MNIST_DIR + ", bundled sample):");
        Map<String, Object> found = new LinkedHashMap<>();
        DataLocator locator = new DataLocator();
        for (DatasetName name : DatasetName.values()) {
            String where;
            try {
                DataSource src = locator.locate(name, null);
                where = src.describe();
            } catch (DatasetException e) {
                where = "not found: put its IDX files in a directory and pass --data-dir DIR or set "
                        + DataLocator.ENV_VAR + "=DIR";
            }
            out.printf("  %-14s %s%n", name.id(), where);
            found.put(name.id(), where);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("command", "info");
        figures.put("version", Version.get());
        figures.put("jdk", jdk);
        figures.put("simd", Simd.enabled() ? "vector" : "scalar");
        figures.put("simd_float_lanes", Simd.floatLanes());
        figures.put("threads", cores);
        figures.put("datasets", found);
        JsonLine.print(out, figures);
        return 0;
    }
}
