package org.snn4j.nir;

import static org.snn4j.nir.NirImport.filled;
import static org.snn4j.nir.NirImport.nonZero;

import java.util.List;
import org.snn4j.nir.NirOps.Conv;
import org.snn4j.nir.NirOps.DelayLine;
import org.snn4j.nir.NirOps.Dense;
import org.snn4j.nir.NirOps.Flat;
import org.snn4j.nir.NirOps.Gain;
import org.snn4j.nir.NirOps.Op;
import org.snn4j.nir.NirOps.Pool;

/**
 * Folds the per-feature input gains and drives of imported neurons ({@link Gain}) into the weights of
 * a neighbouring Linear/Conv2d, since snn4j neuron layers take their input current as it comes (the
 * rules are in {@link NirImport}'s class comment, "Folding").
 */
final class NirFolding {

    private NirFolding() {
    }

    /** Removes every {@link Gain} by folding it into a neighbouring Dense/Conv; throws when impossible. */
    static void fold(List<Op> ops) {
        for (int i = 0; i + 1 < ops.size(); i++) {
            if (ops.get(i) instanceof Gain a && ops.get(i + 1) instanceof Gain b) {
                for (int f = 0; f < a.g.length; f++) {
                    a.d[f] = a.d[f] * b.g[f] + b.d[f];
                    a.g[f] = a.g[f] * b.g[f];
                }
                a.what = a.what + " and " + b.what + " of node '" + b.node + "'";
                ops.remove(i + 1);
                i--;
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            if (!(ops.get(i) instanceof Gain gain)) {
                continue;
            }
            if (gain.identity() || foldBackward(before(ops, i, gain), gain) || foldForward(ops, i, gain)) {
                ops.remove(i);
                i--;
                continue;
            }
            throw new IllegalArgumentException("node '" + gain.node + "': its " + gain.what + " (" + describe(gain)
                    + ") cannot be folded into a neighbouring Affine/Linear/Conv2d weight (it needs one right before it, "
                    + "or one after it reached through Flatten/pooling, with per-channel values for Conv2d; "
                    + "a gain without drive also passes Delay nodes); "
                    + "snn4j has no per-feature scaling layer");
        }
    }

    private static String describe(Gain g) {
        double gmin = Double.POSITIVE_INFINITY;
        double gmax = Double.NEGATIVE_INFINITY;
        double dmax = 0;
        for (int i = 0; i < g.g.length; i++) {
            gmin = Math.min(gmin, g.g[i]);
            gmax = Math.max(gmax, g.g[i]);
            dmax = Math.max(dmax, Math.abs(g.d[i]));
        }
        return "gain " + (gmin == gmax ? String.valueOf(gmin) : "in [" + gmin + ", " + gmax + "]")
                + (dmax == 0 ? "" : ", drive up to " + dmax);
    }

    /**
     * The operation a gain at {@code at} folds backwards into: the one before it, past any {@link DelayLine}
     * when the gain has no drive (a per-feature factor commutes with a per-feature delay; a constant drive
     * does not, it would start before the delayed input); null at the start.
     */
    private static Op before(List<Op> ops, int at, Gain gain) {
        int j = at - 1;
        while (j >= 0 && ops.get(j) instanceof DelayLine && !nonZero(gain.d)) {
            j--;
        }
        return j >= 0 ? ops.get(j) : null;
    }

    private static boolean foldBackward(Op prev, Gain gain) {
        if (prev instanceof Dense dn) {
            int out = dn.nOut;
            for (int i = 0; i < dn.nIn; i++) {
                for (int o = 0; o < out; o++) {
                    dn.w[i * out + o] *= gain.g[o];
                }
            }
            dn.b = affineBias(dn.b, gain, out, 1);
            return true;
        }
        if (prev instanceof Conv cv) {
            int plane = cv.out.dim(1) * cv.out.dim(2);
            if (!perChannel(gain.g, cv.cout, plane) || !perChannel(gain.d, cv.cout, plane)) {
                return false;
            }
            int per = cv.cinG * cv.kh * cv.kw;
            for (int o = 0; o < cv.cout; o++) {
                double s = gain.g[o * plane];
                for (int j = 0; j < per; j++) {
                    cv.w[o * per + j] *= s;
                }
            }
            cv.b = affineBias(cv.b, gain, cv.cout, plane);
            return true;
        }
        return false;
    }

    /** {@code b[o]·g + d} per output (feature {@code o·plane} of the gain), or null when it stays all zero. */
    private static double[] affineBias(double[] b, Gain gain, int n, int plane) {
        double[] nb = new double[n];
        boolean any = false;
        for (int o = 0; o < n; o++) {
            nb[o] = (b == null ? 0.0 : b[o]) * gain.g[o * plane] + gain.d[o * plane];
            any |= nb[o] != 0.0;
        }
        return any || b != null ? nb : null;
    }

    private static boolean foldForward(List<Op> ops, int at, Gain gain) {
        boolean uniform = gain.uniformScale();
        for (int j = at + 1; j < ops.size(); j++) {
            Op op = ops.get(j);
            if (op instanceof Flat || op instanceof DelayLine && !nonZero(gain.d)) {
                continue;
            }
            if (op instanceof Pool && uniform) {
                continue;
            }
            if (op instanceof Dense dn) {
                double[] g = uniform ? filled(dn.nIn, gain.g[0]) : gain.g;
                double[] d = uniform ? new double[dn.nIn] : gain.d;
                if (g.length != dn.nIn) {
                    return false;
                }
                int out = dn.nOut;
                double[] extra = new double[out];
                boolean any = false;
                for (int i = 0; i < dn.nIn; i++) {
                    for (int o = 0; o < out; o++) {
                        if (d[i] != 0.0) {
                            extra[o] += d[i] * dn.w[i * out + o];
                            any = true;
                        }
                        dn.w[i * out + o] *= g[i];
                    }
                }
                if (any) {
                    double[] nb = dn.b == null ? new double[out] : dn.b;
                    for (int o = 0; o < out; o++) {
                        nb[o] += extra[o];
                    }
                    dn.b = nb;
                }
                return true;
            }
            if (op instanceof Conv cv) {
                int plane = cv.in.dim(1) * cv.in.dim(2);
                int cin = cv.in.dim(0);
                if (!uniform && (nonZero(gain.d) || gain.g.length != cv.in.size() || !perChannel(gain.g, cin, plane))) {
                    return false;
                }
                int kk = cv.kh * cv.kw;
                int coutG = cv.cout / cv.groups;
                for (int o = 0; o < cv.cout; o++) {
                    int group = o / coutG;
                    for (int c = 0; c < cv.cinG; c++) {
                        double s = uniform ? gain.g[0] : gain.g[(group * cv.cinG + c) * plane];
                        for (int q = 0; q < kk; q++) {
                            cv.w[(o * cv.cinG + c) * kk + q] *= s;
                        }
                    }
                }
                return true;
            }
            return false;
        }
        return false;
    }

    private static boolean perChannel(double[] v, int channels, int plane) {
        for (int c = 0; c < channels; c++) {
            for (int p = 1; p < plane; p++) {
                if (v[c * plane + p] != v[c * plane]) {
                    return false;
                }
            }
        }
        return true;
    }
}
