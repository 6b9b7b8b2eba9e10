package org.snn4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the snn4j JMH benchmarks and prints, after JMH's own table, each result's score with the
 * derived rate: GFLOP/s or GB/s, {@code work per op / seconds per op / 1e9}, where each benchmark
 * class declares its work per operation ({@link #WORK}). The rate's range comes from the fastest
 * and slowest measurement iteration.
 *
 * <p>Arguments are JMH's own command line ({@code -h} lists them): an include regex such as
 * {@code Gemm} or {@code 'Lif.*forward'}, {@code -p shape=T25_B128_N1000} to restrict a parameter,
 * {@code -l} to list the benchmarks, {@code -rf json -rff out.json} to save results, and so on.
 * Without an include pattern every benchmark runs.
 */
public final class RunBenchmarks {

    /** Work per operation of each benchmark class, keyed by its simple name. */
    static final Map<String, Work.Model> WORK = Map.of(
            GemmBenchmark.class.getSimpleName(), GemmBenchmark::workPerOp,
            LifBenchmark.class.getSimpleName(), LifBenchmark::workPerOp,
            ConvBenchmark.class.getSimpleName(), ConvBenchmark::workPerOp,
            SparseBenchmark.class.getSimpleName(), SparseBenchmark::workPerOp,
            SimBenchmark.class.getSimpleName(), SimBenchmark::workPerOp);

    private RunBenchmarks() {
    }

    public static void main(String[] args) {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("RunBenchmarks: " + e.getMessage() + " (-h lists the options)");
            System.exit(2);
            return;
        }
        try {
            if (options.shouldHelp()) {
                options.showHelp();
                return;
            }
            Runner runner = new Runner(options);
            if (options.shouldListWithParams()) {
                runner.listWithParams(options);
                return;
            }
            if (options.shouldList()) {
                runner.list();
                return;
            }
            Collection<RunResult> results = runner.run();
            System.out.println();
            System.out.println("snn4j kernel rates (work per op / time per op; range over measurement iterations):");
            for (String line : table(results)) {
                System.out.println(line);
            }
        } catch (RunnerException | IOException e) {
            System.err.println("RunBenchmarks: " + e.getMessage());
            System.exit(1);
        }
    }

    /** One line per result: benchmark, parameters, JMH score ± error, derived rate and its range. */
    static List<String> table(Collection<RunResult> results) {
        List<String> lines = new ArrayList<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            String bench = p.getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            String cls = bench.substring(0, bench.lastIndexOf('.'));
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            String score = String.format(Locale.ROOT, "%10.3f ± %7.3f %s",
                    primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
            Work.Model model = WORK.get(simple);
            String rate = "";
            if (model != null) {
                Work work = model.of(method, params);
                Mode mode = p.getMode();
                TimeUnit unit = p.getTimeUnit();
                double mean = work.rate(secondsPerOp(mode, unit, primary.getScore()));
                double a = work.rate(secondsPerOp(mode, unit, primary.getStatistics().getMin()));
                double b = work.rate(secondsPerOp(mode, unit, primary.getStatistics().getMax()));
                rate = String.format(Locale.ROOT, "%8.2f %-7s (%.2f–%.2f)",
                        mean, work.unit().rateLabel(), Math.min(a, b), Math.max(a, b));
            }
            lines.add(String.format(Locale.ROOT, "%-20s %-48s %s   %s",
                    simple + "." + method, paramsText(params), score, rate));
        }
        return lines;
    }

    /**
     * Seconds per operation from a JMH score: the score itself for the time-per-operation modes
     * (in the benchmark's output time unit), its inverse for throughput (operations per unit).
     */
    static double secondsPerOp(Mode mode, TimeUnit unit, double score) {
        double unitSeconds = unit.toNanos(1) / 1e9;
        return switch (mode) {
            case Throughput -> unitSeconds / score;
            case AverageTime, SampleTime, SingleShotTime -> score * unitSeconds;
            case All -> throw new IllegalArgumentException("mode All is not a single result's mode");
        };
    }

    private static String paramsText(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
