package org.snn4j.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

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
 * @param inferSamples    timed inference samples
 * @param peer            the peer figures' source, or null when there is none
 * @param peerTrain       peer training samples/s by thread count
 * @param peerInfer       peer inference samples/s by thread count
 */
record BenchWorkload(String name, String description, NetworkSpec spec, int steps, int batch, String loss, boolean fold,
                     int checkpointSegment, double flopPerSample, int timedBatches, int inferSamples, String peer,
                     Map<Integer, Double> peerTrain, Map<Integer, Double> peerInfer) {

    /** The snnTorch tutorial 5 figures of DESIGN.md (2 vCPU AMD Zen 5, AVX-512). */
    private static final String SNNTORCH = "snnTorch 0.9.4 / PyTorch 1.13 CPU on a 2 vCPU AMD Zen 5 (AVX-512)";

    /** Multiply-adds of one tutorial-5 training sample: forward 25·(784·1000 + 1000·10), backward dW1, dW2 and dX2. */
    static final double FC_FLOP = 2.0 * 25 * (784 * 1000 + 1000 * 10) + 2.0 * 25 * 784 * 1000 + 2.0 * 2 * 25 * 1000 * 10;

    /** With folding the first layer's forward and weight gradient run once per sample instead of 25 times. */
    static final double FC_FOLDED_FLOP = 2.0 * (784 * 1000) + 2.0 * 25 * 1000 * 10 + 2.0 * 784 * 1000
            + 2.0 * 2 * 25 * 1000 * 10;

    /** SpikingJelly 0.0.0.0.14 figures of DESIGN.md for its Fashion-MNIST net at 32 channels (training only). */
    private static final String SPIKINGJELLY = "SpikingJelly 0.0.0.0.14 multi-step / PyTorch 1.13 CPU, allocator tuned, "
            + "on a 2 vCPU AMD Zen 5 (AVX-512); 2 threads: 450-598, the best taken";

    /**
     * Multiply-adds of one training sample of {@link #convSpec()}: the first convolution once per
     * sample (folded) forward and weight gradient; the second convolution and the two linear layers
     * at every step forward, weight gradient and input gradient (except the first linear layer's,
     * which is needed too).
     */
    static final double CONV_FLOP = 2.0 * (28 * 28 * 32 * 9) * 2
            + 2.0 * 4 * (14 * 14 * 32 * 32 * 9) * 3 + 2.0 * 4 * (1568 * 256) * 3 + 2.0 * 4 * (256 * 10) * 3;

    /** Multiply-adds of one long-T training sample: 784-4096-10 at each of 500 steps (no input gradient for layer 1). */
    static final double LONG_FLOP = 2.0 * 500 * (784 * 4096) * 2 + 2.0 * 500 * (4096 * 10) * 3;

    static List<String> names() {
        return List.of("fc", "fc-folded", "conv", "long-t", "long-t-ckpt");
    }

    /**
     * SpikingJelly's Fashion-MNIST network scaled to 32 channels (DESIGN.md): [1, 28, 28] → conv 3×3 32
     * (pad 1, no bias) → BN → IF → max-pool 2 → conv 3×3 32 → BN → IF → max-pool 2 → flatten (1568) →
     * linear 256 (no bias) → IF → linear 10 (no bias) → IF; IF with θ = 1 and reset to zero.
     */
    static NetworkSpec convSpec() {
        IfSpec neuron = IfSpec.builder().threshold(1f).reset(Reset.ZERO).surrogate(Surrogate.atan(2f)).build();
        return Network.builder(1, 28, 28)
                .add(Conv2d.Spec.builder(32, 3).padding(1).bias(false).build()).batchNorm().add(neuron).maxPool2d(2)
                .add(Conv2d.Spec.builder(32, 3).padding(1).bias(false).build()).batchNorm().add(neuron).maxPool2d(2)
                .flatten().linear(256, false).add(neuron).linear(10, false).add(neuron).spec();
    }

    /** The long-sequence network: 784 → 4096 LIF → 10 LIF (β = 0.95). */
    static NetworkSpec longSpec() {
        return Network.builder(784).linear(4096).add(Presets.lif()).linear(10).add(Presets.lif()).spec();
    }

    /** The workloads of that comma-separated list of names, in the given order. */
    static List<BenchWorkload> resolve(List<String> names) {
        return names.stream().map(BenchWorkload::byName).toList();
    }

    static BenchWorkload byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fc" -> new BenchWorkload("fc",
                    "snnTorch tutorial 5 arithmetic: 784-1000-10 LIF, T=25, B=128, every step computed",
                    Presets.referenceSpec(), 25, 128, "ce-membrane", false, 0, FC_FLOP, 20, 5000, SNNTORCH,
                    Map.of(1, 722.0, 2, 1044.0), Map.of(1, 1650.0, 2, 2775.0));
            case "fc-folded" -> new BenchWorkload("fc-folded",
                    "the same network and recipe, first layer folded over time (exact)",
                    Presets.referenceSpec(), 25, 128, "ce-membrane", true, 0, FC_FOLDED_FLOP, 60, 5000, SNNTORCH,
                    Map.of(1, 722.0, 2, 1044.0), Map.of(1, 1650.0, 2, 2775.0));
            case "conv" -> new BenchWorkload("conv",
                    "SpikingJelly Fashion-MNIST net at 32 channels: conv-BN-IF-pool x2, FC 1568-256-10, T=4, B=64, "
                            + "first convolution folded as SpikingJelly does",
                    convSpec(), 4, 64, "ce-membrane", true, 0, CONV_FLOP, 20, 2000, SPIKINGJELLY,
                    Map.of(1, 182.0, 2, 598.0), Map.of());
            case "long-t" -> new BenchWorkload("long-t",
                    "784-4096-10 LIF, T=500, B=16, every step computed, all activations kept for backward",
                    longSpec(), 500, 16, "ce-membrane", false, 0, LONG_FLOP, 3, 64, null, Map.of(), Map.of());
            case "long-t-ckpt" -> new BenchWorkload("long-t-ckpt",
                    "the same with checkpointing over time, segments of 25 steps recomputed in backward",
                    longSpec(), 500, 16, "ce-membrane", false, 25, LONG_FLOP, 3, 64, null, Map.of(), Map.of());
            default -> throw new CliException("unknown benchmark workload '" + name + "'; known workloads: "
                    + String.join(", ", names()));
        };
    }
}
