package org.snn4j.core.neuron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.RunContext;

/**
 * Shared plumbing of the spiking layers: shapes, the layer-owned {@code U}, {@code S} and
 * {@code dL/dI} buffers (grown on demand, reused across calls), and argument checks. Lanes are the
 * {@code B·N} independent (sample, neuron) pairs; parallel loops split them in whole sample rows
 * (grain {@code N}), so element-wise results never depend on the thread count.
 */
abstract class NeuronLayerBase implements SpikingLayer {
    final LayerSpec spec;
    final Shape shape;
    final int n;
    float[] input;
    float[] u = new float[0];
    float[] s = new float[0];
    float[] gradIn = new float[0];
    int steps;
    int batch;
    int lanes;
    Kernels kernels;
    boolean cached;

    NeuronLayerBase(LayerSpec spec, Shape shape) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.shape = Objects.requireNonNull(shape, "inputShape");
        this.n = shape.size();
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    /** The learnable ones among {@code candidates}, in the given order. */
    static List<Parameter> learnable(NeuronParameter... candidates) {
        List<Parameter> ps = new ArrayList<>(candidates.length);
        for (NeuronParameter p : candidates) {
            if (p.learnable()) {
                ps.add(p.parameter());
            }
        }
        return ps;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public float[] membrane() {
        return u;
    }

    /** Checks the input, sizes the buffers, records T, B and the kernels. */
    final void begin(float[] in, RunContext ctx) {
        Objects.requireNonNull(in, "input");
        Objects.requireNonNull(ctx, "ctx");
        long expected = (long) ctx.steps() * ctx.batch() * n;
        if (in.length != expected) {
            throw new IllegalArgumentException("input has " + in.length + " values but T·B·N = "
                    + ctx.steps() + "·" + ctx.batch() + "·" + n + " = " + expected + " were expected");
        }
        steps = ctx.steps();
        batch = ctx.batch();
        lanes = batch * n;
        kernels = ctx.kernels();
        input = in;
        u = grow(u, in.length);
        s = grow(s, in.length);
        cached = ctx.training();
    }

    /** Checks that backward may run and the gradients have the right length; sizes dL/dI. */
    final void beginBackward(float[] gradSpikes, float[] gradMembrane) {
        if (!cached) {
            throw new IllegalStateException("backward needs a preceding forward with training = true");
        }
        int size = steps * lanes;
        check("gradSpikes", gradSpikes, size);
        check("gradMembrane", gradMembrane, size);
        gradIn = grow(gradIn, size);
    }

    private static void check(String what, float[] g, int size) {
        if (g != null && g.length != size) {
            throw new IllegalArgumentException(what + " has " + g.length + " values, expected T·B·N = " + size);
        }
    }

    /** The buffer if exactly {@code size} long, else a new one of that size. */
    static float[] grow(float[] buf, int size) {
        return buf != null && buf.length == size ? buf : new float[size];
    }

    /** A zeroed buffer of {@code size}, reusing {@code buf} when it fits. */
    static float[] zeroed(float[] buf, int size) {
        if (buf != null && buf.length == size) {
            Arrays.fill(buf, 0f);
            return buf;
        }
        return new float[size];
    }
}
