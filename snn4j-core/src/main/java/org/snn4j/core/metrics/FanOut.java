package org.snn4j.core.metrics;

import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.neuron.RecurrentLeaky;
import org.snn4j.core.neuron.RecurrentSynaptic;

/**
 * The synapses each input of a connection layer drives: for input {@code i}, {@code effective[i]}
 * counts its non-zero weights that reach an output, {@code dense[i]} all its weights that reach an
 * output. A layer with input {@code x} then performs
 * <pre>
 *   effective operations = Σ_{i : x_i ≠ 0} effective[i]        dense operations = Σ_i dense[i]
 * </pre>
 * per sample and step (bias not counted) — the same numbers NeuroBench gets by running a copy of
 * the layer with binarised weights ({@code w ≠ 0 → 1}) on binarised inputs ({@code x ≠ 0 → 1},
 * or all ones for dense) and summing the outputs.
 *
 * <ul>
 *   <li>{@link Linear} ({@code W: [in, out]}) and the feedback {@code V: [N, N]} of a
 *       {@link RecurrentLeaky} or {@link RecurrentSynaptic} layer (its input is the layer's own spikes of the previous step): {@code effective[i] = #{o : W[i, o] ≠ 0}},
 *       {@code dense[i] = out}.</li>
 *   <li>{@link Conv2d} ({@code W: [Cout, Cin/G, kh, kw]}, stride {@code (sh, sw)}, padding
 *       {@code (ph, pw)}, dilation {@code (dh, dw)}, groups {@code G}): input pixel {@code (c, y, x)}
 *       meets tap {@code (u, v)} at output {@code (i, j)} when {@code i·sh = y + ph − u·dh} and
 *       {@code j·sw = x + pw − v·dw} with {@code 0 ≤ i < Ho}, {@code 0 ≤ j < Wo}; then
 *       {@code effective[c, y, x] = Σ_{valid (u, v)} #{o ∈ group(c) : W[o, c mod Cin/G, u, v] ≠ 0}}
 *       and {@code dense[c, y, x] = Σ_{valid (u, v)} Cout/G}. Taps that fall on padding are never
 *       counted: they multiply nothing.</li>
 * </ul>
 * The tables are computed from the weights when built; they do not follow later weight changes.
 */
final class FanOut {
    final int[] effective;
    final long denseTotal;

    private FanOut(int[] effective, long denseTotal) {
        this.effective = effective;
        this.denseTotal = denseTotal;
    }

    /**
     * The table of a feed-forward connection layer, or null for any other layer (activations,
     * pooling, neurons …; a {@link RecurrentLeaky}'s feedback is {@link #ofRecurrent}).
     */
    static FanOut of(Layer layer) {
        if (layer instanceof Linear linear) {
            return ofRows(linear.weight().value(), linear.inputShape().size(), linear.outputShape().size());
        }
        if (layer instanceof Conv2d conv) {
            return ofConv(conv);
        }
        return null;
    }

    /**
     * The table of a recurrent layer's feedback {@code S[t−1]·V}, {@code V: [N, N]}
     * ({@link RecurrentLeaky}, {@link RecurrentSynaptic}), or null for any other layer.
     */
    static FanOut ofRecurrent(Layer layer) {
        int n = layer.outputShape().size();
        if (layer instanceof RecurrentLeaky r) {
            return ofRows(r.recurrentWeight().value(), n, n);
        }
        if (layer instanceof RecurrentSynaptic r) {
            return ofRows(r.recurrentWeight().value(), n, n);
        }
        return null;
    }

    /** A weight {@code [in, out]} laid out by presynaptic row. */
    private static FanOut ofRows(float[] w, int in, int out) {
        int[] fan = new int[in];
        for (int i = 0; i < in; i++) {
            int nz = 0;
            for (int o = 0; o < out; o++) {
                if (w[i * out + o] != 0f) {
                    nz++;
                }
            }
            fan[i] = nz;
        }
        return new FanOut(fan, (long) in * out);
    }

    private static FanOut ofConv(Conv2d conv) {
        Conv2d.Spec spec = conv.spec();
        int[] inDims = conv.inputShape().dims();
        int[] outDims = conv.outputShape().dims();
        int cin = inDims[0];
        int h = inDims[1];
        int wd = inDims[2];
        int cout = outDims[0];
        int ho = outDims[1];
        int wo = outDims[2];
        int kh = spec.kernelHeight();
        int kw = spec.kernelWidth();
        int taps = kh * kw;
        int groups = spec.groups();
        int cinG = cin / groups;
        int coutG = cout / groups;
        float[] w = conv.weight().value();
        // nonZero[c][u·kw + v]: weights of input channel c at tap (u, v) that are non-zero, over its group's outputs
        int[][] nonZero = new int[cin][taps];
        for (int o = 0; o < cout; o++) {
            int g = o / coutG;
            for (int cl = 0; cl < cinG; cl++) {
                for (int tap = 0; tap < taps; tap++) {
                    if (w[(o * cinG + cl) * taps + tap] != 0f) {
                        nonZero[g * cinG + cl][tap]++;
                    }
                }
            }
        }
        boolean[][] rowValid = validTaps(h, ho, kh, spec.strideHeight(), spec.paddingHeight(), spec.dilationHeight());
        boolean[][] colValid = validTaps(wd, wo, kw, spec.strideWidth(), spec.paddingWidth(), spec.dilationWidth());
        int[] fan = new int[cin * h * wd];
        long dense = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < wd; x++) {
                int met = 0;
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        if (rowValid[y][u] && colValid[x][v]) {
                            met++;
                            for (int c = 0; c < cin; c++) {
                                fan[(c * h + y) * wd + x] += nonZero[c][u * kw + v];
                            }
                        }
                    }
                }
                dense += (long) met * coutG * cin;
            }
        }
        return new FanOut(fan, dense);
    }

    /**
     * {@code valid[y][u]}: whether input index {@code y} meets tap {@code u} at an output index
     * {@code i = (y + pad − u·dil) / stride} that is whole and in {@code [0, outSize)}.
     */
    private static boolean[][] validTaps(int inSize, int outSize, int k, int stride, int pad, int dil) {
        boolean[][] valid = new boolean[inSize][k];
        for (int y = 0; y < inSize; y++) {
            for (int u = 0; u < k; u++) {
                int pos = y + pad - u * dil;
                valid[y][u] = pos >= 0 && pos % stride == 0 && pos / stride < outSize;
            }
        }
        return valid;
    }

    /**
     * Effective operations of one sample's spike counts {@code x[off, off + n)} (whole numbers ≥ 0): input
     * {@code i} with {@code x_i} spikes drives its {@code effective[i]} synapses {@code x_i} times,
     * {@code Σ_i x_i·effective[i]}.
     */
    long spikeCountOps(float[] x, int off) {
        long ops = 0;
        for (int i = 0; i < effective.length; i++) {
            float v = x[off + i];
            if (v != 0f) {
                ops += (long) v * effective[i];
            }
        }
        return ops;
    }

    /** Effective operations of one sample's input {@code x[off, off + n)}. */
    long effectiveOps(float[] x, int off) {
        long ops = 0;
        for (int i = 0; i < effective.length; i++) {
            if (x[off + i] != 0f) {
                ops += effective[i];
            }
        }
        return ops;
    }
}
