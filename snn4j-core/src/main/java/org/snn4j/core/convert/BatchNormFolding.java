package org.snn4j.core.convert;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.layer.BatchNorm;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;

/**
 * Folds every {@link BatchNorm} layer, in inference mode, into the {@link Conv2d} or {@link Linear}
 * layer directly before it. With the batch norm's running statistics, per output channel {@code c}
 * <pre>
 *   a[c]  = γ[c] / √(running_var[c] + ε)          (as float, the division and root in double)
 *   W'[…, c] = W[…, c]·a[c]                        (Linear: column c of W [in, out]; Conv2d: block c of W [Cout, …])
 *   b'[c] = (b[c] − running_mean[c])·a[c] + β[c]    (b = 0 when the layer had no bias)
 * </pre>
 * which is the batch norm's inference output {@code y = x·a + (β − running_mean·a)} applied to
 * {@code x = W·in + b}; γ = 1, β = 0 without {@code affine}. The folded layer always has a bias.
 * The result equals the original network in inference mode up to float rounding.
 *
 * <p>The input network is not mutated. The output is a new network whose spec is the input's with
 * the batch norm layers removed and {@code bias = true} on the layers they were folded into; all
 * other layers keep their parameters and buffers (copied).
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /**
     * A copy of {@code network} with every batch norm folded into the preceding layer.
     *
     * @throws IllegalArgumentException if a batch norm is the first layer or follows a layer other
     *                                  than {@code conv2d} or {@code linear} (naming both layers)
     */
    public static Network fold(Network network) {
        List<Layer> layers = network.layers();
        List<LayerSpec> specs = new ArrayList<>();
        List<Integer> source = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof BatchNorm) {
                if (i == 0 || !(layers.get(i - 1) instanceof Conv2d || layers.get(i - 1) instanceof Linear)) {
                    String prev = i == 0 ? "the network input" : "layer " + (i - 1) + " ("
                            + layers.get(i - 1).spec().type() + ")";
                    throw new IllegalArgumentException("cannot fold batchnorm layer " + i + ": it follows " + prev
                            + "; only a batchnorm directly after a conv2d or linear layer can be folded");
                }
                continue;
            }
            boolean folded = i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm;
            LayerSpec spec = l.spec();
            if (folded && spec instanceof Linear.Spec s) {
                spec = new Linear.Spec(s.inFeatures(), s.outFeatures(), true);
            } else if (folded && spec instanceof Conv2d.Spec s) {
                spec = new Conv2d.Spec(s.inChannels(), s.outChannels(), s.kernelSize(), s.kernelWidth(), s.stride(),
                        s.strideWidth(), s.padding(), s.paddingWidth(), s.dilation(), s.dilationWidth(), s.groups(),
                        true);
            }
            specs.add(spec);
            source.add(i);
        }
        Network out = new NetworkSpec(network.inputShape(), specs).build(0);
        for (int j = 0; j < specs.size(); j++) {
            int i = source.get(j);
            Layer from = layers.get(i);
            Layer to = out.layers().get(j);
            if (i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm bn) {
                foldInto(from, bn, to);
            } else {
                copy(from.parameters(), to.parameters());
                copy(from.buffers(), to.buffers());
            }
        }
        return out;
    }

    private static void copy(List<Parameter> from, List<Parameter> to) {
        for (int k = 0; k < from.size(); k++) {
            System.arraycopy(from.get(k).value(), 0, to.get(k).value(), 0, from.get(k).size());
            to.get(k).markModified();
        }
    }

    private static void foldInto(Layer from, BatchNorm bn, Layer to) {
        Parameter w;
        Parameter b;
        Parameter w2;
        Parameter b2;
        boolean byColumn;
        if (from instanceof Linear lin) {
            w = lin.weight();
            b = lin.bias();
            w2 = ((Linear) to).weight();
            b2 = ((Linear) to).bias();
            byColumn = true;
        } else {
            Conv2d conv = (Conv2d) from;
            w = conv.weight();
            b = conv.bias();
            w2 = ((Conv2d) to).weight();
            b2 = ((Conv2d) to).bias();
            byColumn = false;
        }
        float eps = bn.spec().eps();
        float[] rm = bn.runningMean().value();
        float[] rv = bn.runningVar().value();
        float[] gamma = bn.weight() == null ? null : bn.weight().value();
        float[] beta = bn.bias() == null ? null : bn.bias().value();
        int channels = rm.length;
        float[] wv = w.value();
        float[] wo = w2.value();
        int per = wv.length / channels;
        for (int c = 0; c < channels; c++) {
            float g = gamma == null ? 1f : gamma[c];
            float a = (float) (g / Math.sqrt((double) rv[c] + eps));
            if (byColumn) {
                for (int r = 0; r < per; r++) {
                    wo[r * channels + c] = wv[r * channels + c] * a;
                }
            } else {
                for (int k = c * per; k < (c + 1) * per; k++) {
                    wo[k] = wv[k] * a;
                }
            }
            float bias = b == null ? 0f : b.value()[c];
            b2.value()[c] = (bias - rm[c]) * a + (beta == null ? 0f : beta[c]);
        }
        w2.markModified();
        b2.markModified();
    }
}
