package org.snn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.Provenance;
import org.snn4j.core.neuron.Reset;
import org.snn4j.io.ModelFile;
import org.snn4j.nir.NirArray;
import org.snn4j.nir.NirConvention;
import org.snn4j.nir.NirExport;
import org.snn4j.nir.NirFile;
import org.snn4j.nir.NirGraph;
import org.snn4j.nir.NirImport;
import org.snn4j.nir.NirNode;
import org.snn4j.nir.NirTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snn4j nir import|export}: NIR files in and out (docs/nir.md). */
@Command(name = "nir", mixinStandardHelpOptions = true,
        description = "NIR interchange with snnTorch, Norse, Sinabs, Rockpool and other NIR tools (docs/nir.md).",
        subcommands = {NirCommand.Import.class, NirCommand.Export.class})
final class NirCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (import or export)");
    }

    /** The time-step options shared by import and export. */
    static final class Discretisation {
        @Option(names = "--convention", defaultValue = "generic", description = "How the exporter discretises the NIR "
                + "ODEs: snntorch (dt 1e-4), norse (1e-3), sinabs (1, τ in steps), rockpool (1e-3) or generic (forward "
                + "Euler, give --dt); default: ${DEFAULT-VALUE}.")
        String convention;

        @Option(names = "--dt", description = "Time step in seconds (default: the convention's).")
        Double dt;

        @Option(names = "--reset", description = "Reset of the spiking neurons, zero or subtract (NIR stores none; "
                + "default: the convention's).")
        String reset;

        @Option(names = "--max-spikes", description = "Spikes per step of the IF/LIF/CubaLIF neurons: 1, a cap k > 1, "
                + "or 0 for no cap (NIR stores none; default: the convention's, 0 for sinabs, 65536 for rockpool, "
                + "else 1).")
        Integer maxSpikes;

        NirImport.Options options() {
            NirConvention c = CliEnums.parse(NirConvention.class, convention, "--convention " + convention);
            NirImport.Options.Builder b = NirImport.Options.builder(c);
            if (dt != null) {
                if (!(dt > 0) || dt > 1e3) {
                    throw new CliException("--dt must be a positive time step in seconds (at most 1000), got " + dt);
                }
                b.dt(dt);
            } else if (Double.isNaN(c.defaultDt())) {
                throw new CliException("--convention generic has no default time step: give --dt (seconds)");
            }
            if (reset != null) {
                Reset r = CliEnums.parse(Reset.class, reset, "--reset " + reset);
                if (r != Reset.ZERO && r != Reset.SUBTRACT) {
                    throw new CliException("--reset must be zero or subtract, got " + reset);
                }
                b.reset(r);
            }
            if (maxSpikes != null) {
                if (maxSpikes < 0) {
                    throw new CliException("--max-spikes must be 0 (no cap), 1 or a cap k > 1, got " + maxSpikes);
                }
                b.maxSpikes(maxSpikes);
            }
            return b.build();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Read a NIR file, print its nodes and parameters, and write it as an snn4j model",
                    "(model.snn4j) that eval, report and the Java API use like any other."})
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The NIR file (.nir, HDF5).")
        Path file;

        @picocli.CommandLine.Mixin
        Discretisation discretisation = new Discretisation();

        @Option(names = {"-T", "--steps"}, defaultValue = "25", description = "Time steps stored with the model (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--encoder", defaultValue = "direct", description = "Input encoder stored with the model (default: ${DEFAULT-VALUE}).")
        String encoder;

        @Option(names = "--readout", defaultValue = "ce-count", description = "Read-out (loss) stored with the model: ce-count, "
                + "ce-membrane (default: ${DEFAULT-VALUE}).")
        String readout;

        @Option(names = "--dataset", defaultValue = "none", description = "Data set the model is for (default: ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = {"-o", "--output"}, description = "Model file to write (default: FILE with .snn4j).")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new CliException("NIR file " + file + " does not exist");
            }
            if (steps < 1 || steps > 100_000) {
                throw new CliException("--steps must be between 1 and 100000, got " + steps);
            }
            org.snn4j.core.encode.Encoders.byName(encoder);
            org.snn4j.core.loss.Losses.byName(readout);
            NirImport.Options options = discretisation.options();
            NirGraph graph = NirFile.read(file);
            var out = spec.commandLine().getOut();
            out.printf("%s: NIR %s, %d nodes, %d edges%n", file, graph.version() == null ? "(no version)" : graph.version(),
                    graph.nodes().size(), graph.edges().size());
            printNodes(out, graph, "  ");
            Network network;
            try {
                NirFile.validate(graph);
                network = NirImport.toNetwork(graph, options);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot import " + file + ": " + e.getMessage(), e);
            }
            Path target = output != null ? output : file.resolveSibling(file.getFileName().toString()
                    .replaceFirst("(?i)\\.nir$", "") + ".snn4j");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("imported_from", file.toString());
            config.put("convention", options.convention().name().toLowerCase(Locale.ROOT));
            config.put("dt", Double.toString(options.dt()));
            config.put("reset", options.reset().name().toLowerCase(Locale.ROOT));
            config.put("max_spikes", Integer.toString(options.maxSpikes()));
            ModelFile.save(new Model(network, encoder, steps, readout, dataset, List.of(), Provenance.capture(0, 1, config)),
                    target);
            out.printf(Locale.ROOT, "snn4j network: %s%n  convention %s, dt = %s s, reset %s, spikes per step %s; "
                    + "model written to %s%n", network, config.get("convention"), config.get("dt"), config.get("reset"),
                    options.maxSpikes() == 0 ? "unlimited" : config.get("max_spikes"), target);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("command", "nir import");
            f.put("file", file.toString());
            f.put("nodes", graph.nodes().size());
            f.put("layers", network.layers().size());
            f.put("parameters", network.parameterCount());
            f.put("model", target.toString());
            JsonLine.print(out, f);
            return 0;
        }

        private static void printNodes(java.io.PrintWriter out, NirGraph graph, String indent) {
            for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
                NirNode n = e.getValue();
                if (NirTypes.GRAPH.equals(n.type())) {
                    out.printf("%s%s: NIRGraph (%d nodes)%n", indent, e.getKey(), n.graph().nodes().size());
                    printNodes(out, n.graph(), indent + "  ");
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, NirArray> p : n.params().entrySet()) {
                    sb.append(sb.isEmpty() ? "" : ", ").append(p.getKey()).append(' ').append(p.getValue());
                }
                out.printf("%s%s: %s (%s)%n", indent, e.getKey(), n.type(), sb);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a saved snn4j model as a NIR file that snnTorch, Norse and other NIR tools read.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The snn4j model file (model.snn4j).")
        Path modelFile;

        @picocli.CommandLine.Mixin
        Discretisation discretisation = new Discretisation();

        @Option(names = {"-o", "--output"}, description = "NIR file to write (default: MODEL with .nir).")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(modelFile)) {
                throw new CliException("model file " + modelFile + " does not exist");
            }
            NirImport.Options options = discretisation.options();
            Model model = ModelFile.load(modelFile);
            NirGraph graph;
            try {
                graph = NirExport.toGraph(model.network(), options);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot export " + modelFile + ": " + e.getMessage(), e);
            }
            Path target = output != null ? output : modelFile.resolveSibling(modelFile.getFileName().toString()
                    .replaceFirst("(?i)\\.snn4j$", "") + ".nir");
            NirFile.write(graph, target);
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s -> %s: %d NIR nodes, %d edges (convention %s, dt = %s s)%n", modelFile, target,
                    graph.nodes().size(), graph.edges().size(), options.convention().name().toLowerCase(Locale.ROOT), options.dt());
            List<org.snn4j.core.layer.Layer> layers = model.network().layers();
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof org.snn4j.core.neuron.SpikingLayer s && s.emitsSpikes()
                        && s.maxSpikes() != options.maxSpikes()) {
                    out.printf(Locale.ROOT, "note: layer %d (%s) fires %s per step, but NIR files do not say so and "
                                    + "importers of the %s convention simulate %s; its spikes may differ there%n", i,
                            layers.get(i).spec().type(), spikes(s.maxSpikes()),
                            options.convention().name().toLowerCase(Locale.ROOT), spikes(options.maxSpikes()));
                }
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("command", "nir export");
            f.put("model", modelFile.toString());
            f.put("nodes", graph.nodes().size());
            f.put("edges", graph.edges().size());
            f.put("file", target.toString());
            JsonLine.print(out, f);
            return 0;
        }

        private static String spikes(int maxSpikes) {
            return maxSpikes == 0 ? "any number of spikes" : maxSpikes == 1 ? "one spike at most"
                    : "at most " + maxSpikes + " spikes";
        }
    }
}
