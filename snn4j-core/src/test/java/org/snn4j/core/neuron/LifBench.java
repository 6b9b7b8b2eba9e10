package org.snn4j.core.neuron;

import java.util.SplittableRandom;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.layer.RunContext;

/**
 * Manual micro-benchmark (not a test): LIF forward + backward on T·B·N = 25·128·1000, vector vs
 * scalar neuron kernels, reported in ns per neuron-step. Run with the test classpath and
 * {@code --add-modules jdk.incubator.vector}; optional argument: thread count.
 */
public final class LifBench {
    private LifBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int t = 25;
        int b = 128;
        int n = 1000;
        SplittableRandom rnd = new SplittableRandom(1);
        float[] in = GradientReferenceTest.uniform(rnd, t * b * n, -0.2, 0.6);
        float[] gS = GradientReferenceTest.uniform(rnd, in.length, -1, 1);
        LifSpec spec = LifSpec.of(0.95f);
        try (Kernels kernels = Kernels.create(threads)) {
            RunContext ctx = new RunContext(t, b, true, 0, kernels);
            for (int round = 0; round < 3; round++) {
                for (NeuronKernels nk : new NeuronKernels[] {NeuronKernels.create(), NeuronKernels.scalar()}) {
                    Leaky layer = Leaky.create(spec, Shape.of(n), nk);
                    int reps = 30;
                    long fwd = 0;
                    long bwd = 0;
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        layer.forward(in, ctx);
                        long t1 = System.nanoTime();
                        layer.backward(gS, null, true);
                        long t2 = System.nanoTime();
                        fwd += t1 - t0;
                        bwd += t2 - t1;
                    }
                    double per = (double) reps * in.length;
                    System.out.printf("%s threads=%d forward %.3f ns  backward %.3f ns  total %.3f ns per neuron-step%n",
                            nk.name(), threads, fwd / per, bwd / per, (fwd + bwd) / per);
                }
            }
        }
    }
}
