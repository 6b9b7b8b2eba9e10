package org.snn4j.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.RunContext;
import org.snn4j.core.loss.CrossEntropyMembraneLoss;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.Surrogate;

/**
 * The BPTT gradient of a whole two-layer spiking network (Linear → LIF → Linear → LIF, CE on the
 * output membrane summed over steps, as in snnTorch tutorial 5) against an independent reference:
 * the same network written out step by step in double precision in this test, forward and
 * backward through time by hand.
 */
class NetworkGradientTest {
    private static final int IN = 6;
    private static final int HID = 9;
    private static final int OUT = 3;
    private static final int T = 7;
    private static final int B = 4;
    private static final float BETA = 0.9f;
    private static final Surrogate SG = Surrogate.atan(2f);

    @Test
    void bpttGradientMatchesStepByStepReference() {
        LifSpec lif = LifSpec.builder().beta(BETA).threshold(1f).reset(Reset.SUBTRACT).surrogate(SG).build();
        Network net = Network.builder(IN).linear(HID).add(lif).linear(OUT).add(lif).build(7);
        Linear l1 = (Linear) net.layers().get(0);
        Linear l2 = (Linear) net.layers().get(2);
        // scale up the first layer so the hidden layer spikes often
        for (int i = 0; i < l1.weight().size(); i++) {
            l1.weight().value()[i] *= 3f;
        }
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = new float[T * B * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(0, 1);
        }
        int[] labels = {0, 2, 1, 2};

        CrossEntropyMembraneLoss loss = new CrossEntropyMembraneLoss();
        float[] gMem = new float[T * B * OUT];
        try (Kernels k = Kernels.create(1)) {
            Monitor hidden = net.monitor(1);
            NetworkOutput out = net.forward(x, new RunContext(T, B, true, 1, k));
            loss.compute(out, labels, null, gMem);
            net.zeroGrad();
            net.backward(null, gMem);

            Reference ref = new Reference(x, labels, l1, l2);
            // the forward pass agrees (spikes exactly, membrane closely) and the hidden layer is active
            double rate = 0;
            for (int i = 0; i < T * B * HID; i++) {
                assertThat(hidden.output()[i]).isEqualTo((float) ref.s1[i]);
                rate += ref.s1[i];
            }
            assertThat(rate / (T * B * HID)).isBetween(0.1, 0.9);
            for (int i = 0; i < T * B * OUT; i++) {
                assertThat((double) out.membrane()[i]).isCloseTo(ref.u2[i], within(1e-4));
            }
            assertClose(l2.weight().grad(), ref.dW2);
            assertClose(l2.bias().grad(), ref.db2);
            assertClose(l1.weight().grad(), ref.dW1);
            assertClose(l1.bias().grad(), ref.db1);
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(scale).isGreaterThan(1e-4);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4 * scale + 1e-6));
        }
    }

    /** The network and its BPTT gradient, written out step by step in double precision. */
    private static final class Reference {
        final double[] s1 = new double[T * B * HID];
        final double[] u1 = new double[T * B * HID];
        final double[] u2 = new double[T * B * OUT];
        final double[] dW1 = new double[IN * HID];
        final double[] db1 = new double[HID];
        final double[] dW2 = new double[HID * OUT];
        final double[] db2 = new double[OUT];

        Reference(float[] x, int[] labels, Linear l1, Linear l2) {
            float[] w1 = l1.weight().value();
            float[] b1 = l1.bias().value();
            float[] w2 = l2.weight().value();
            float[] b2 = l2.bias().value();
            double[] s2 = new double[T * B * OUT];
            for (int b = 0; b < B; b++) {
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < HID; h++) {
                        double cur = b1[h];
                        for (int i = 0; i < IN; i++) {
                            cur += x[(t * B + b) * IN + i] * (double) w1[i * HID + h];
                        }
                        double prevU = t == 0 ? 0 : u1[((t - 1) * B + b) * HID + h];
                        double prevS = t == 0 ? 0 : s1[((t - 1) * B + b) * HID + h];
                        double u = BETA * prevU + cur - prevS;
                        u1[(t * B + b) * HID + h] = u;
                        s1[(t * B + b) * HID + h] = u > 1 ? 1 : 0;
                    }
                    for (int o = 0; o < OUT; o++) {
                        double cur = b2[o];
                        for (int h = 0; h < HID; h++) {
                            cur += s1[(t * B + b) * HID + h] * w2[h * OUT + o];
                        }
                        double prevU = t == 0 ? 0 : u2[((t - 1) * B + b) * OUT + o];
                        double prevS = t == 0 ? 0 : s2[((t - 1) * B + b) * OUT + o];
                        double u = BETA * prevU + cur - prevS;
                        u2[(t * B + b) * OUT + o] = u;
                        s2[(t * B + b) * OUT + o] = u > 1 ? 1 : 0;
                    }
                }
            }
            // backward: loss = Σ_t mean_b CE(U2[t,b,:], y_b); reset detached, so only the leak carries U back
            for (int b = 0; b < B; b++) {
                double[] carry2 = new double[OUT];
                double[] carry1 = new double[HID];
                for (int t = T - 1; t >= 0; t--) {
                    double[] dI2 = new double[OUT];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int o = 0; o < OUT; o++) {
                        max = Math.max(max, u2[(t * B + b) * OUT + o]);
                    }
                    double z = 0;
                    for (int o = 0; o < OUT; o++) {
                        z += Math.exp(u2[(t * B + b) * OUT + o] - max);
                    }
                    for (int o = 0; o < OUT; o++) {
                        double p = Math.exp(u2[(t * B + b) * OUT + o] - max) / z;
                        double g = (p - (o == labels[b] ? 1 : 0)) / B;
                        carry2[o] = g + BETA * carry2[o];
                        dI2[o] = carry2[o];
                        db2[o] += dI2[o];
                    }
                    for (int h = 0; h < HID; h++) {
                        double dS1 = 0;
                        for (int o = 0; o < OUT; o++) {
                            dW2[h * OUT + o] += s1[(t * B + b) * HID + h] * dI2[o];
                            dS1 += dI2[o] * w2[h * OUT + o];
                        }
                        double sg = SG.derivative((float) (u1[(t * B + b) * HID + h] - 1));
                        carry1[h] = dS1 * sg + BETA * carry1[h];
                        db1[h] += carry1[h];
                        for (int i = 0; i < IN; i++) {
                            dW1[i * HID + h] += x[(t * B + b) * IN + i] * carry1[h];
                        }
                    }
                }
            }
        }
    }
}
