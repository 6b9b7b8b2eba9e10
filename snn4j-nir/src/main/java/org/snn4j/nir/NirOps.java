package org.snn4j.nir;

import org.snn4j.core.Shape;

/**
 * The intermediate operations {@link NirImport} turns NIR nodes into before it builds layers: one
 * future layer each, or a per-feature factor ({@link Gain}) that {@link NirFolding} must fold into a
 * neighbouring weight. Arrays are double precision and mutable (folding scales them in place).
 */
final class NirOps {

    private NirOps() {
    }

    /** One future layer (or a factor still to fold), with its NIR node name. */
    abstract static sealed class Op permits Dense, Conv, Pool, Flat, Gain, Neuron, Thresh, DelayLine {
        final String node;
        final Shape in;
        final Shape out;

        Op(String node, Shape in, Shape out) {
            this.node = node;
            this.in = in;
            this.out = out;
        }
    }

    /** y = x·W + b, W {@code [in, out]} presynaptic rows. */
    static final class Dense extends Op {
        final int nIn;
        final int nOut;
        final double[] w;
        double[] b;

        Dense(String node, Shape in, int nOut, double[] w, double[] b) {
            super(node, in, Shape.of(nOut));
            this.nIn = in.size();
            this.nOut = nOut;
            this.w = w;
            this.b = b;
        }
    }

    /**
     * A 2-D convolution, weight {@code [Cout, Cin/groups, kh, kw]} as NIR stores it; stride, padding and
     * dilation per direction as {@code {height, width}} (a NIR Conv1d is a Conv2d with kh = 1 over a
     * {@code [C, 1, L]} input).
     */
    static final class Conv extends Op {
        final int cout;
        final int cinG;
        final int kh;
        final int kw;
        final int[] stride;
        final int[] pad;
        final int[] dil;
        final int groups;
        final double[] w;
        double[] b;

        Conv(String node, Shape in, Shape out, int cout, int cinG, int kh, int kw, int[] stride, int[] pad, int[] dil,
             int groups, double[] w, double[] b) {
            super(node, in, out);
            this.cout = cout;
            this.cinG = cinG;
            this.kh = kh;
            this.kw = kw;
            this.stride = stride;
            this.pad = pad;
            this.dil = dil;
            this.groups = groups;
            this.w = w;
            this.b = b;
        }
    }

    static final class Pool extends Op {
        final int k;
        final int stride;
        final int pad;

        Pool(String node, Shape in, Shape out, int k, int stride, int pad) {
            super(node, in, out);
            this.k = k;
            this.stride = stride;
            this.pad = pad;
        }
    }

    static final class Flat extends Op {
        Flat(String node, Shape in) {
            super(node, in, Shape.of(in.size()));
        }
    }

    /** y = g·x + d per feature; must be folded away. */
    static final class Gain extends Op {
        double[] g;
        double[] d;
        String what;

        Gain(String node, Shape shape, double[] g, double[] d, String what) {
            super(node, shape, shape);
            this.g = g;
            this.d = d;
            this.what = what;
        }

        boolean identity() {
            for (int i = 0; i < g.length; i++) {
                if (g[i] != 1.0 || d[i] != 0.0) {
                    return false;
                }
            }
            return true;
        }

        boolean uniformScale() {
            for (int i = 0; i < g.length; i++) {
                if (g[i] != g[0] || d[i] != 0.0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The neuron families: spiking LIF, IF and CubaLIF, and the non-spiking integrators I, LI and CubaLI (LI). */
    enum Kind { LIF, IF, CUBA, LI }

    static final class Neuron extends Op {
        final Kind kind;
        final double[] beta;
        final double[] alpha;
        final double[] theta;
        /** Recurrent LIF/CubaLIF: feedback V {@code [N, N]} presynaptic rows, and its bias (or null). */
        final double[] rec;
        final double[] recBias;

        Neuron(String node, Shape shape, Kind kind, double[] beta, double[] alpha, double[] theta, double[] rec,
               double[] recBias) {
            super(node, shape, shape);
            this.kind = kind;
            this.beta = beta;
            this.alpha = alpha;
            this.theta = theta;
            this.rec = rec;
            this.recBias = recBias;
        }
    }

    /** Stateless Heaviside {@code S = H(x − θ)} per feature (NIR Threshold). */
    static final class Thresh extends Op {
        final double[] theta;

        Thresh(String node, Shape shape, double[] theta) {
            super(node, shape, shape);
            this.theta = theta;
        }
    }

    /** {@code y[t] = x[t − steps[n]]} per feature (NIR Delay, its delays divided by dt). */
    static final class DelayLine extends Op {
        final int[] steps;

        DelayLine(String node, Shape shape, int[] steps) {
            super(node, shape, shape);
            this.steps = steps;
        }
    }
}
