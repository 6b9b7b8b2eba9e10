package org.snn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snn4j.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code snn4j} command line. Every command ends its standard output with one line of JSON
 * holding its figures (or {@code {"command": ..., "error": ...}} on failure). Errors in what the
 * user gave (bad option values, missing or corrupt files) print one line on standard error and
 * exit with status 2; other failures exit with 1. {@code --verbose} adds stack traces.
 */
@Command(name = "snn4j", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Spiking neural networks on the JVM: train, evaluate and benchmark.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, InfoCommand.class,
                BenchCommand.class, ConvertCommand.class, ReportCommand.class, NirCommand.class, SimulateCommand.class, StdpCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input given by the user. */
    public static final int EXIT_USAGE = 2;
    /** Exit status for other failures. */
    public static final int EXIT_FAILURE = 1;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            errWriter.println("snn4j: error: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            if (main.verbose) {
                ex.printStackTrace(errWriter);
            }
            printErrorJson(outWriter, c.getCommandName(), ex.getMessage());
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean userError = isUserError(ex) || ex instanceof IOException;
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            if (userError) {
                errWriter.println("snn4j: error: " + message);
            } else {
                errWriter.println("snn4j: internal error: " + ex + (main.verbose ? "" : " (run with --verbose for details)"));
            }
            if (main.verbose) {
                ex.printStackTrace(errWriter);
            }
            printErrorJson(outWriter, c.getCommandName(), message);
            return isUserError(ex) ? EXIT_USAGE : EXIT_FAILURE;
        });
        int status = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    /** Problems with what the user gave: options, data files, model files. */
    private static boolean isUserError(Exception ex) {
        return ex instanceof CliException || ex instanceof IllegalArgumentException
                || ex instanceof org.snn4j.data.DatasetException || ex instanceof org.snn4j.io.ModelFormatException
                || ex instanceof java.nio.file.NoSuchFileException || ex instanceof org.snn4j.nir.NirFormatException;
    }

    private static void printErrorJson(PrintWriter out, String command, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("error", message);
        JsonLine.print(out, m);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        JsonLine.print(spec.commandLine().getOut(), Map.of("command", "snn4j", "version", Version.get()));
    }

    /** Reports the snn4j version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"snn4j " + Version.get() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
