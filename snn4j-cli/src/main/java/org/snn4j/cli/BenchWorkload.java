package org.snn4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.network.NetworkSpec;

/**
 * One training workload of {@code snn4j bench train}: an architecture, the recipe it is trained
 * with, and — where one was measured — a peer framework's speed on the same arithmetic.
 *
 * @param name            workload name on the command line
 * @param description     one line saying what it is
 * @param spec            the architecture
 * @param steps           time steps T
 * @param batch           batch size B
 * @param loss            loss name ({@link org.snn4j.core.loss.Losses#byName})
 * @param fold            whether time-invariant input is folded (leading stateless layers once per sample)
 * @param checkpointSegment time steps per checkpoint segment, 0 = off
 * @param flopPerSample   multiply-add FLOP of one training sample (2 per multiply-add), or 0 when not stated
 * @param timedBatches    timed training batches (after one warm-up batch per five timed ones, at least one)
 * @param peer            the peer figures' source, or null when there is none
 * @param peerTrain       peer training samples/s by thread count
 * @param peerInfer       peer inference samples/s by thread count
 */
record BenchWorkload(String name, String description, NetworkSpec spec, int steps, int batch, String loss, boolean fold,
                     int checkpointSegment, double flopPerSample, int timedBatches, String peer,
                     Map<Integer, Double> peerTrain, Map<Integer, Double> peerInfer) {

    /** The snnTorch tutorial 5 figures of DESIGN.md (2 vCPU AMD Zen 5, AVX-512). */
    private static final String SNNTORCH = "snnTorch 0.9.4 / PyTorch 1.13 CPU on a 2 vCPU AMD Zen 5 (AVX-512)";

    /** Multiply-adds of one tutorial-5 training sample: forward 25·(784·1000 + 1000·10), backward dW1, dW2 and dX2. */
    static final double FC_FLOP = 2.0 * 25 * (784 * 1000 + 1000 * 10) + 2.0 * 25 * 784 * 1000 + 2.0 * 2 * 25 * 1000 * 10;

    /** With folding the first layer's forward and weight gradient run once per sample instead of 25 times. */
    static final double FC_FOLDED_FLOP = 2.0 * (784 * 1000) + 2.0 * 25 * 1000 * 10 + 2.0 * 784 * 1000
            + 2.0 * 2 * 25 * 1000 * 10;

    static List<String> names() {
        return List.of("fc", "fc-folded");
    }

    /** The workloads of that comma-separated list of names, in the given order. */
    static List<BenchWorkload> resolve(List<String> names) {
        return names.stream().map(BenchWorkload::byName).toList();
    }

    static BenchWorkload byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fc" -> new BenchWorkload("fc",
                    "snnTorch tutorial 5 arithmetic: 784-1000-10 LIF, T=25, B=128, every step computed",
                    Presets.referenceSpec(), 25, 128, "ce-membrane", false, 0, FC_FLOP, 20, SNNTORCH,
                    Map.of(1, 722.0, 2, 1044.0), Map.of(1, 1650.0, 2, 2775.0));
            case "fc-folded" -> new BenchWorkload("fc-folded",
                    "the same network and recipe, first layer folded over time (exact)",
                    Presets.referenceSpec(), 25, 128, "ce-membrane", true, 0, FC_FOLDED_FLOP, 60, SNNTORCH,
                    Map.of(1, 722.0, 2, 1044.0), Map.of(1, 1650.0, 2, 2775.0));
            default -> throw new CliException("unknown benchmark workload '" + name + "'; known workloads: "
                    + String.join(", ", names()));
        };
    }
}
