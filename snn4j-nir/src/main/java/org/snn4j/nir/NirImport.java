package org.snn4j.nir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LearnMode;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.RecurrentLeaky;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.ResetTiming;
import org.snn4j.core.neuron.RecurrentSynaptic;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.Surrogate;
import org.snn4j.core.neuron.SynapticSpec;
import org.snn4j.core.neuron.ThresholdSpec;
import org.snn4j.nir.NirOps.Conv;
import org.snn4j.nir.NirOps.DelayLine;
import org.snn4j.nir.NirOps.Dense;
import org.snn4j.nir.NirOps.Flat;
import org.snn4j.nir.NirOps.Gain;
import org.snn4j.nir.NirOps.Kind;
import org.snn4j.nir.NirOps.Neuron;
import org.snn4j.nir.NirOps.Op;
import org.snn4j.nir.NirOps.Pool;
import org.snn4j.nir.NirOps.Thresh;

/**
 * Builds an snn4j {@link Network} from a NIR graph, discretising the NIR ODEs with the time step and
 * the exporter's convention given in {@link Options} ({@link NirConvention} has the formulas).
 *
 * <p><b>Graph.</b> Nested graphs are inlined first (inner node {@code n} of {@code G} becomes
 * {@code G.n}). The graph must then be a chain from its Input node to its Output node; the only
 * cycle allowed is {@code X → A → X} with {@code X} a LIF or CubaLIF node and {@code A} an
 * Affine/Linear {@code [N, N]} node with no other edges, which becomes a {@link RecurrentLeaky}
 * (LIF) or {@link RecurrentSynaptic} (CubaLIF) layer. Anything else — branches, merges and skip
 * connections, nodes off the path, recurrence through anything but a LIF/CubaLIF, unknown types —
 * throws {@link IllegalArgumentException} naming the node and the reason.
 *
 * <p><b>Nodes → layers</b> (NIR weights are {@code [out, in]}; snn4j Linear weights are
 * {@code [in, out]}, so Affine/Linear weights are transposed):
 * <pre>
 *   Input            network input shape (a leading batch dimension of 1 in a rank-4 shape is dropped;
 *                    before a Conv2d a flat input becomes [C, H, W] from the Conv2d weight and input_shape;
 *                    a [C, L] input of a graph with a Conv1d becomes [C, 1, L])
 *   Affine / Linear  Linear (bias only when the bias is not all zero or a drive is folded into it)
 *   Conv2d           Conv2d (kernel kh×kw, stride/padding/dilation per direction; bias as Affine)
 *   Conv1d           Conv2d with a 1×k kernel over [C, 1, L] (stride/padding/dilation in width; output [Cout, 1, L'])
 *   AvgPool2d        AvgPool2d (square window, PyTorch semantics, count_include_pad)
 *   SumPool2d        AvgPool2d followed by a factor k² folded into the next Linear/Conv2d weights
 *   Flatten          Flatten (it must flatten all non-batch dimensions: start_dim 0, end_dim −1)
 *   Scale            a per-feature factor folded into a neighbouring Linear/Conv2d
 *   LIF              Leaky (LifSpec), or RecurrentLeaky with an X → A → X feedback
 *   IF               Leaky (IfSpec, β = 1)
 *   CubaLIF          Synaptic, or RecurrentSynaptic with an X → A → X feedback
 *   LI               LeakyIntegrator (LiSpec, α = 0): the LIF membrane without threshold; output U
 *   CubaLI           LeakyIntegrator with α: the CubaLIF current and membrane without threshold; output U
 *   I                LeakyIntegrator with β = 1, α = 0 and the IF node's gain
 *   Threshold        Threshold (ThresholdSpec): S = H(I − θ) per feature, θ any finite value
 *   Delay            Delay: delay/dt steps per feature (whole steps within 1e-4, else refused)
 *   Output           end of the network
 * </pre>
 *
 * <p><b>Discretisation</b> (with {@code dt} and the convention's formulas, in double precision,
 * then rounded to float once): a LIF becomes {@code U[t] = β·U[t−1] + g·I[t] + d} with
 * {@code β = decay(dt, τ)} (forward Euler: {@code 1 − dt/τ}), input gain
 * {@code g = membraneGain(dt, r, τ)} (forward Euler: {@code dt·r/τ}) and constant drive
 * {@code d = (1 − β)·v_leak} (forward Euler: {@code dt·v_leak/τ}). IF: β = 1, {@code g = integratorGain(dt, r)}.
 * CubaLIF: {@code α = decay(dt, τ_syn)}, {@code β = decay(dt, τ_mem)}, and the two gains
 * {@code g_s = synapticGain(dt, w_in, τ_syn)} (w_in = 1 when absent), {@code g_m = membraneGain(dt, r, τ_mem)}
 * are both applied to the input, {@code g = g_s·g_m}: by linearity scaling the synaptic current by
 * {@code g_m} is scaling its input; the membrane then integrates the updated current,
 * {@code U[t] = β·U[t−1] + J[t]} (as snnTorch's Synaptic). A non-zero CubaLIF {@code v_leak} is refused (it
 * would have to bypass the synaptic filter). LI, CubaLI and I are discretised as LIF, CubaLIF and IF (same
 * β, α, gains and drive, CubaLI's {@code v_leak} likewise refused), without threshold and reset. A Delay of
 * {@code delay} seconds delays its feature by {@code delay/dt} steps. A gain within 1e-6 of 1 is taken as exactly 1, so
 * snnTorch's {@code r = τ/dt} (stored in float32) gives β and the weights back exactly.
 *
 * <p><b>Folding.</b> snn4j neuron layers take the input current as it comes, so g and d are folded
 * into the weights: into the output columns and bias of the Linear/Conv2d right before the neuron
 * ({@code W[:, o] ← g[o]·W[:, o]}, {@code b[o] ← g[o]·b[o] + d[o]}; for Conv2d g and d must be equal
 * over each output channel's plane); a factor that cannot go backwards (SumPool2d's k², a Scale node
 * after a pooling layer) goes forwards, through Flatten and (when uniform) pooling, into the input
 * rows of the next Linear/Conv2d ({@code W[i, :] ← g[i]·W[i, :]}, {@code b ← b + d·W}; for Conv2d per
 * input channel, and without drive). A gain without drive passes Delay nodes both ways (a per-feature
 * factor commutes with a per-feature delay); a drive does not (it would act before the delayed input). For a recurrent LIF g and d also go into the feedback:
 * {@code V[j, o] = g[o]·A[o, j]}, recurrent bias {@code c[o] = g[o]·a[o] + d[o]}; for a recurrent
 * CubaLIF likewise with its input gain {@code g = g_s·g_m} (the feedback enters the synaptic current
 * as the feed-forward input does) and {@code d = 0}: {@code V[j, o] = g[o]·A[o, j]}, {@code c[o] = g[o]·a[o]}. A factor with no
 * such neighbour (e.g. a LIF straight after Input or after a pooling layer with {@code g ≠ 1}) is
 * refused, naming the node: snn4j has no stateless per-feature scaling layer.
 *
 * <p><b>Neurons.</b> θ = {@code v_threshold}; spike when {@code U − θ > 0}. NIR resets to
 * {@code v_reset} (0 when absent) and has no field for a reset by subtraction; {@link Options#reset}
 * chooses snn4j's reset (default: the convention's; a {@code v_reset} other than 0 is refused).
 * The reset timing ({@link NirConvention#resetTiming}) is the source framework's: SNNTORCH imports LIF, IF and
 * CubaLIF (recurrent ones too) with {@link ResetTiming#DELAYED} (snnTorch's default {@code reset_delay}: the reset acts one step
 * after the spike, {@code R[t] = S[t−1]}, together with that step's input), GENERIC (NIR's own semantics),
 * NORSE, SINABS and ROCKPOOL with {@link ResetTiming#IMMEDIATE} (the step after a spike starts from the
 * reset membrane; a CubaLIF then resets only v, never the synaptic current, as NIR says). The membrane
 * recorded at a spike step is the value before the reset. Recurrent LIF/CubaLIF layers (RecurrentLeaky,
 * RecurrentSynaptic) take the same timing; their recurrent current {@code Q[t] = S[t−1]·V} is the same for both
 * timings. Every IF, LIF and CubaLIF layer, recurrent or not, fires {@link Options#maxSpikes} spikes per step
 * at most (the convention's by default: several for SINABS and ROCKPOOL, whose neurons emit ⌊v/θ⌋; see
 * {@link NirConvention#maxSpikes}). Per-neuron parameters are kept per neuron: β,
 * α and θ that are equal over the layer become FIXED spec values; otherwise PER_NEURON parameters
 * (trainable) holding the values. Arrays must have 1 or N values (N = the layer's size).
 */
public final class NirImport {

    /** A Delay's {@code delay/dt} may differ from a whole number of steps k by this much times max(1, k). */
    static final double STEP_TOLERANCE = 1e-4;


    private NirImport() {
    }

    /**
     * Import options.
     *
     * @param convention how τ, r and w_in are read (see {@link NirConvention})
     * @param dt         time step in seconds (SINABS: in steps), &gt; 0 and finite
     * @param reset      snn4j reset for every neuron layer: ZERO (NIR's reset to 0) or SUBTRACT
     * @param maxSpikes  spikes per step of every IF/LIF/CubaLIF layer ({@code maxSpikes} of the snn4j specs):
     *                   1 (one), k &gt; 1 (at most k) or 0 (no cap); default the convention's
     *                   ({@link NirConvention#maxSpikes})
     */
    public record Options(NirConvention convention, double dt, Reset reset, int maxSpikes) {
        public Options {
            if (maxSpikes < 0) {
                throw new IllegalArgumentException("maxSpikes must be >= 0 (1: one spike per step; k > 1: at most k; "
                        + "0: no cap), got " + maxSpikes);
            }
            Objects.requireNonNull(convention, "convention");
            Objects.requireNonNull(reset, "reset");
            if (!(dt > 0) || Double.isInfinite(dt)) {
                throw new IllegalArgumentException("dt must be positive and finite, got " + dt
                        + (convention == NirConvention.GENERIC ? " (GENERIC has no default dt: set one)" : ""));
            }
            if (reset == Reset.NONE) {
                throw new IllegalArgumentException("reset must be ZERO or SUBTRACT: NIR neurons always reset, got NONE");
            }
        }

        /** Options with the convention's spike cap per step. */
        public Options(NirConvention convention, double dt, Reset reset) {
            this(convention, dt, reset, convention.maxSpikes());
        }

        /** The convention with its default dt, reset and spike cap (GENERIC has no default dt: use {@link #builder}). */
        public static Options of(NirConvention convention) {
            return builder(convention).build();
        }

        /** A builder starting from the convention's default dt and reset. */
        public static Builder builder(NirConvention convention) {
            return new Builder(convention);
        }

        /** Builder for {@link Options}. */
        public static final class Builder {
            private final NirConvention convention;
            private double dt;
            private Reset reset;
            private int maxSpikes;

            private Builder(NirConvention convention) {
                this.convention = Objects.requireNonNull(convention, "convention");
                this.dt = convention.defaultDt();
                this.reset = convention.defaultReset();
                this.maxSpikes = convention.maxSpikes();
            }

            /** Time step in seconds (SINABS: in time steps). */
            public Builder dt(double v) {
                dt = v;
                return this;
            }

            /** snn4j reset of every neuron layer (ZERO or SUBTRACT). */
            public Builder reset(Reset v) {
                reset = v;
                return this;
            }

            /** Spikes per step: 1, a cap k &gt; 1, or 0 for no cap. */
            public Builder maxSpikes(int v) {
                maxSpikes = v;
                return this;
            }

            public Options build() {
                return new Options(convention, dt, reset, maxSpikes);
            }
        }
    }

    /**
     * Builds the network the graph describes.
     *
     * @throws IllegalArgumentException naming the node for anything that cannot be mapped (see the class comment)
     */
    public static Network toNetwork(NirGraph graph, Options options) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(options, "options");
        NirGraph flat = NirChain.flatten(graph);
        NirChain.Walk walk = NirChain.walk(flat);
        NirNode inputNode = flat.nodes().get(walk.input());
        NirTypes.check(walk.input(), inputNode);
        Shape inputShape = inputShape(walk.input(), inputNode);
        if (inputShape.rank() == 2 && walk.chain().stream().anyMatch(n -> "Conv1d".equals(flat.nodes().get(n).type()))) {
            inputShape = Shape.of(inputShape.dim(0), 1, inputShape.dim(1));     // [C, L] → [C, 1, L] for Conv1d
        }
        Builder b = new Builder(flat, options, inputShape);
        for (String name : walk.chain()) {
            NirNode node = flat.nodes().get(name);
            NirTypes.check(name, node);
            try {
                b.add(name, node, walk.feedback().get(name));
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().contains("'" + name + "'") ? e
                        : new IllegalArgumentException("node '" + name + "' (" + node.type() + "): " + e.getMessage(), e);
            }
        }
        NirNode out = flat.nodes().get(walk.output());
        if (out.has("shape")) {
            long size = 1;
            for (double d : out.param("shape").data()) {
                size *= (long) d;
            }
            if (size != b.shape.size()) {
                throw new IllegalArgumentException("Output node '" + walk.output() + "' has shape "
                        + Arrays.toString(out.param("shape").toInts()) + " but the network ends with " + b.shape);
            }
        }
        if (b.ops.isEmpty()) {
            throw new IllegalArgumentException("the graph has no node between Input '" + walk.input() + "' and Output '"
                    + walk.output() + "'");
        }
        NirFolding.fold(b.ops);
        return build(b.inputShape, b.ops, options);
    }

    private static Shape inputShape(String name, NirNode input) {
        int[] dims = input.param("shape").toInts();
        if (dims.length == 4 && dims[0] == 1) {
            dims = Arrays.copyOfRange(dims, 1, 4);
        }
        try {
            return Shape.of(dims.length == 0 ? new int[] {1} : dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Input node '" + name + "': " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- node conversion

    private static final class Builder {
        final NirGraph graph;
        final Options options;
        final NirConvention conv;
        final double dt;
        Shape inputShape;
        Shape shape;
        final List<Op> ops = new ArrayList<>();

        Builder(NirGraph graph, Options options, Shape inputShape) {
            this.graph = graph;
            this.options = options;
            this.conv = options.convention();
            this.dt = options.dt();
            this.inputShape = inputShape;
            this.shape = inputShape;
        }

        void add(String name, NirNode node, String feedback) {
            switch (node.type()) {
                case "Affine", "Linear" -> dense(name, node);
                case "Conv2d" -> conv(name, node);
                case "Conv1d" -> conv1d(name, node);
                case "SumPool2d", "AvgPool2d" -> pool(name, node);
                case "Flatten" -> flatten(name, node);
                case "Scale" -> scale(name, node);
                case "LIF" -> lif(name, node, feedback);
                case "IF" -> integrateAndFire(name, node);
                case "CubaLIF" -> cubaLif(name, node, feedback);
                case "LI" -> leakyIntegrator(name, node);
                case "I" -> integrator(name, node);
                case "CubaLI" -> cubaLi(name, node);
                case "Threshold" -> heaviside(name, node);
                case "Delay" -> delay(name, node);
                case "Input", "Output" -> throw new IllegalArgumentException("node '" + name + "' (" + node.type()
                        + ") inside the chain: only one Input and one Output node are supported");
                default -> throw new IllegalArgumentException("node '" + name + "' (" + node.type()
                        + ") is not supported by the snn4j mapping");
            }
        }

        void dense(String name, NirNode node) {
            NirArray w = node.param("weight");
            if (w.rank() != 2) {
                throw new IllegalArgumentException("node '" + name + "': weight must be [out, in], got " + w);
            }
            int out = (int) w.shape()[0];
            int in = (int) w.shape()[1];
            if (in != shape.size()) {
                throw new IllegalArgumentException("node '" + name + "': weight " + w + " takes " + in
                        + " inputs but its input has shape " + shape + " (" + shape.size() + ")");
            }
            double[] src = w.data();
            double[] t = new double[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = src[o * in + i];
                }
            }
            double[] bias = null;
            if (node.type().equals("Affine")) {
                NirArray b = node.param("bias");
                checkSize(name, "bias", b, out);
                bias = nonZero(b.data()) ? broadcast(b, out) : null;
            }
            addOp(new Dense(name, shape, out, t, bias));
        }

        /** Conv2d: weight {@code [Cout, Cin/groups, kh, kw]}, stride/padding/dilation per direction. */
        void conv(String name, NirNode node) {
            NirArray w = node.param("weight");
            if (w.rank() != 4) {
                throw new IllegalArgumentException("node '" + name + "': weight must be [Cout, Cin/groups, kH, kW], got " + w);
            }
            int[] hw = node.has("input_shape") ? node.param("input_shape").toInts() : null;
            if (hw != null && hw.length != 2) {
                throw new IllegalArgumentException("node '" + name + "': input_shape must be [H, W], got " + Arrays.toString(hw));
            }
            addConv(name, node, w, (int) w.shape()[2], (int) w.shape()[3], pair(name, node, "stride"),
                    pair(name, node, "padding"), pair(name, node, "dilation"), hw);
        }

        /**
         * Conv1d: weight {@code [Cout, Cin/groups, k]} over {@code [C, L]}, as a Conv2d with a 1×k kernel over
         * {@code [C, 1, L]} (stride 1, padding 0 and dilation 1 in height).
         */
        void conv1d(String name, NirNode node) {
            NirArray w = node.param("weight");
            if (w.rank() != 3) {
                throw new IllegalArgumentException("node '" + name + "': weight must be [Cout, Cin/groups, k], got " + w);
            }
            int[] len = node.has("input_shape") ? node.param("input_shape").toInts() : null;
            if (len != null && len.length != 1) {
                throw new IllegalArgumentException("node '" + name + "': input_shape must be [L], got " + Arrays.toString(len));
            }
            addConv(name, node, w, 1, (int) w.shape()[2], new int[] {1, scalarInt(name, node, "stride")},
                    new int[] {0, scalarInt(name, node, "padding")}, new int[] {1, scalarInt(name, node, "dilation")},
                    len == null ? null : new int[] {1, len[0]});
        }

        private void addConv(String name, NirNode node, NirArray w, int kh, int kw, int[] stride, int[] pad, int[] dil,
                             int[] hw) {
            int cout = (int) w.shape()[0];
            int cinG = (int) w.shape()[1];
            int groups = scalarInt(name, node, "groups");
            int cin = cinG * groups;
            Shape in = shape;
            if (in.rank() != 3) {
                if (!ops.isEmpty() || hw == null || (long) cin * hw[0] * hw[1] != in.size()) {
                    throw new IllegalArgumentException("node '" + name + "': needs a [C, H, W] input, got " + in
                            + (hw == null ? " and no input_shape" : " with input_shape " + Arrays.toString(hw)));
                }
                in = Shape.of(cin, hw[0], hw[1]);
                inputShape = in;
            }
            if (in.dim(0) != cin) {
                throw new IllegalArgumentException("node '" + name + "': weight " + w + " with groups " + groups
                        + " takes " + cin + " channels but its input has shape " + in);
            }
            if (hw != null && (hw[0] != in.dim(1) || hw[1] != in.dim(2))) {
                throw new IllegalArgumentException("node '" + name + "': input_shape " + Arrays.toString(hw)
                        + " does not match the input " + in);
            }
            double[] bias = null;
            if (node.has("bias")) {
                NirArray b = node.param("bias");
                checkSize(name, "bias", b, cout);
                bias = nonZero(b.data()) ? broadcast(b, cout) : null;
            }
            int ho = (in.dim(1) + 2 * pad[0] - dil[0] * (kh - 1) - 1) / stride[0] + 1;
            int wo = (in.dim(2) + 2 * pad[1] - dil[1] * (kw - 1) - 1) / stride[1] + 1;
            if (ho < 1 || wo < 1) {
                throw new IllegalArgumentException("node '" + name + "': kernel " + Conv2d.Spec.pair(kh, kw)
                        + " is larger than the padded input " + in);
            }
            addOp(new Conv(name, in, Shape.of(cout, ho, wo), cout, cinG, kh, kw, stride, pad, dil, groups, w.data(), bias));
        }

        void pool(String name, NirNode node) {
            int k = square(name, node, "kernel_size");
            int stride = square(name, node, "stride");
            int pad = square(name, node, "padding");
            if (shape.rank() != 3) {
                throw new IllegalArgumentException("node '" + name + "': pooling needs a [C, H, W] input, got " + shape);
            }
            int ho = (shape.dim(1) + 2 * pad - k) / stride + 1;
            int wo = (shape.dim(2) + 2 * pad - k) / stride + 1;
            if (ho < 1 || wo < 1) {
                throw new IllegalArgumentException("node '" + name + "': window " + k + " is larger than the input " + shape);
            }
            addOp(new Pool(name, shape, Shape.of(shape.dim(0), ho, wo), k, stride, pad));
            if (node.type().equals("SumPool2d")) {
                double[] g = new double[shape.size()];
                Arrays.fill(g, (double) k * k);
                addOp(new Gain(name, shape, g, new double[g.length], "SumPool2d window sum (k² = " + k * k
                        + " times the average)"));
            }
        }

        void flatten(String name, NirNode node) {
            int r = shape.rank();
            int start = scalarInt(name, node, "start_dim");
            int end = scalarInt(name, node, "end_dim");
            boolean all = r == 1 || ((start == 0 || start == -r) && (end == -1 || end == r - 1));
            if (!all) {
                throw new IllegalArgumentException("node '" + name + "': Flatten start_dim " + start + ", end_dim " + end
                        + " over the input " + shape + " keeps some dimensions; snn4j's Flatten flattens all of them "
                        + "(start_dim 0, end_dim -1, batch dimension not counted)");
            }
            addOp(new Flat(name, shape));
        }

        void scale(String name, NirNode node) {
            int n = shape.size();
            double[] g = perNeuron(name, node, "scale", n);
            addOp(new Gain(name, shape, g, new double[n], "Scale factor"));
        }

        void lif(String name, NirNode node, String feedback) {
            int n = shape.size();
            double[] theta = threshold(name, node, n);
            checkReset(name, node, n);
            double[][] m = leakyMembrane(name, node, n);
            double[] beta = m[0];
            double[] g = m[1];
            double[] d = m[2];
            if (feedback == null) {
                addOp(new Gain(name, shape, g, d, "LIF input gain and v_leak drive"));
                addOp(new Neuron(name, shape, Kind.LIF, beta, null, theta, null, null));
                return;
            }
            double[][] vc = feedback(name, feedback, n, g, d);
            addOp(new Gain(name, shape, g, new double[n], "LIF input gain"));
            addOp(new Neuron(name, shape, Kind.LIF, beta, null, theta, vc[0], vc[1]));
        }

        /**
         * The feedback {@code X → A → X} folded with X's input gain g and drive d: {@code V[j, o] =
         * g[o]·A[o, j]} and {@code c[o] = g[o]·a[o] + d[o]} (null when all zero).
         */
        private double[][] feedback(String name, String feedback, int n, double[] g, double[] d) {
            NirNode a = graph.nodes().get(feedback);
            NirTypes.check(feedback, a);
            NirArray w = a.param("weight");
            if (w.rank() != 2 || w.shape()[0] != n || w.shape()[1] != n) {
                throw new IllegalArgumentException("node '" + name + "': its feedback '" + feedback + "' has weight " + w
                        + ", expected [" + n + ", " + n + "]");
            }
            double[] src = w.data();
            double[] v = new double[n * n];
            for (int o = 0; o < n; o++) {
                for (int j = 0; j < n; j++) {
                    v[j * n + o] = g[o] * src[o * n + j];
                }
            }
            double[] c = null;
            double[] ab = a.type().equals("Affine") ? broadcastChecked(feedback, a.param("bias"), n) : null;
            if (ab != null && nonZero(ab) || nonZero(d)) {
                c = new double[n];
                for (int o = 0; o < n; o++) {
                    c[o] = g[o] * (ab == null ? 0.0 : ab[o]) + d[o];
                }
            }
            return new double[][] {v, c};
        }

        /**
         * β, the input gain g and the drive d of a leaky membrane {@code τ·dv/dt = (v_leak − v) + r·I} (LIF and
         * LI nodes), from the node's {@code tau}, {@code r} and {@code v_leak}: {@code {β, g, d}}.
         */
        private double[][] leakyMembrane(String name, NirNode node, int n) {
            double[] tau = perNeuron(name, node, "tau", n);
            double[] r = perNeuron(name, node, "r", n);
            double[] vLeak = perNeuron(name, node, "v_leak", n);
            double[] beta = new double[n];
            double[] g = new double[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                beta[i] = decay(name, "tau", tau[i]);
                g[i] = NirConvention.snapUnit(conv.membraneGain(dt, r[i], tau[i]));
                d[i] = conv.drive(beta[i], vLeak[i]);
            }
            return new double[][] {beta, g, d};
        }

        /** LI: the leaky membrane of a LIF without threshold; its output is the membrane. */
        void leakyIntegrator(String name, NirNode node) {
            int n = shape.size();
            double[][] m = leakyMembrane(name, node, n);
            addOp(new Gain(name, shape, m[1], m[2], "LI input gain and v_leak drive"));
            addOp(new Neuron(name, shape, Kind.LI, m[0], new double[n], null, null, null));
        }

        /** I: {@code dv/dt = r·I}, a membrane without leak (β = 1) and the IF node's gain. */
        void integrator(String name, NirNode node) {
            int n = shape.size();
            addOp(new Gain(name, shape, integratorGain(name, node, n), new double[n], "I input gain"));
            addOp(new Neuron(name, shape, Kind.LI, filled(n, 1.0), new double[n], null, null, null));
        }

        /** CubaLI: the synaptic current and membrane of a CubaLIF without threshold; its output is the membrane. */
        void cubaLi(String name, NirNode node) {
            int n = shape.size();
            double[][] s = synapticMembrane(name, node, n);
            addOp(new Gain(name, shape, s[2], new double[n], "CubaLI input gain"));
            addOp(new Neuron(name, shape, Kind.LI, s[1], s[0], null, null, null));
        }

        /** Threshold: {@code S = H(I − θ)} per feature, any finite θ. */
        void heaviside(String name, NirNode node) {
            int n = shape.size();
            double[] theta = perNeuron(name, node, "threshold", n);
            for (double t : theta) {
                if (!Double.isFinite(t)) {
                    throw new IllegalArgumentException("node '" + name + "': threshold must be finite, got " + t);
                }
            }
            addOp(new Thresh(name, shape, theta));
        }

        /**
         * Delay: {@code delay} (seconds; SINABS: steps) divided by dt must be a whole number of steps for
         * every feature (within {@link #STEP_TOLERANCE} of one, for float32 files).
         */
        void delay(String name, NirNode node) {
            int n = shape.size();
            double[] delay = perNeuron(name, node, "delay", n);
            int[] steps = new int[n];
            for (int i = 0; i < n; i++) {
                double x = delay[i] / dt;
                double k = Math.rint(x);
                if (!(delay[i] >= 0) || !(Math.abs(x - k) <= STEP_TOLERANCE * Math.max(1.0, k)) || k > Delay.MAX_DELAY) {
                    throw new IllegalArgumentException("node '" + name + "': delay[" + i + "] = " + delay[i]
                            + " is not a whole number of time steps between 0 and " + Delay.MAX_DELAY + " with dt = " + dt
                            + " (delay/dt = " + x + "); choose a dt that divides every delay");
                }
                steps[i] = (int) k;
            }
            addOp(new DelayLine(name, shape, steps));
        }

        void integrateAndFire(String name, NirNode node) {
            int n = shape.size();
            double[] theta = threshold(name, node, n);
            checkReset(name, node, n);
            addOp(new Gain(name, shape, integratorGain(name, node, n), new double[n], "IF input gain"));
            addOp(new Neuron(name, shape, Kind.IF, filled(n, 1.0), null, theta, null, null));
        }

        /** The input gain of a membrane without leak, {@code dv/dt = r·I} (IF and I nodes), from the node's {@code r}. */
        private double[] integratorGain(String name, NirNode node, int n) {
            double[] r = perNeuron(name, node, "r", n);
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = NirConvention.snapUnit(conv.integratorGain(dt, r[i]));
            }
            return g;
        }

        void cubaLif(String name, NirNode node, String feedback) {
            int n = shape.size();
            double[] theta = threshold(name, node, n);
            checkReset(name, node, n);
            double[][] s = synapticMembrane(name, node, n);
            double[] alpha = s[0];
            double[] beta = s[1];
            double[] g = s[2];
            double[][] vc = feedback == null ? new double[2][] : feedback(name, feedback, n, g, new double[n]);
            addOp(new Gain(name, shape, g, new double[n], "CubaLIF input gain"));
            addOp(new Neuron(name, shape, Kind.CUBA, beta, alpha, theta, vc[0], vc[1]));
        }

        /**
         * α, β and the combined input gain {@code g = g_s·g_m} of a current-based membrane (CubaLIF and CubaLI),
         * from {@code tau_syn}, {@code tau_mem}, {@code r}, {@code w_in} (1 when absent) and a zero {@code v_leak}:
         * {@code {α, β, g}}.
         */
        private double[][] synapticMembrane(String name, NirNode node, int n) {
            double[] tauSyn = perNeuron(name, node, "tau_syn", n);
            double[] tauMem = perNeuron(name, node, "tau_mem", n);
            double[] r = perNeuron(name, node, "r", n);
            double[] vLeak = perNeuron(name, node, "v_leak", n);
            double[] wIn = node.has("w_in") ? perNeuron(name, node, "w_in", n) : filled(n, 1.0);
            if (nonZero(vLeak)) {
                throw new IllegalArgumentException("node '" + name + "' (" + node.type() + "): a non-zero v_leak is not "
                        + "supported (its drive acts on the membrane, past snn4j's synaptic current)");
            }
            double[] alpha = new double[n];
            double[] beta = new double[n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                alpha[i] = decay(name, "tau_syn", tauSyn[i]);
                beta[i] = decay(name, "tau_mem", tauMem[i]);
                g[i] = NirConvention.snapUnit(NirConvention.snapUnit(conv.synapticGain(dt, wIn[i], tauSyn[i]))
                        * NirConvention.snapUnit(conv.membraneGain(dt, r[i], tauMem[i])));
            }
            return new double[][] {alpha, beta, g};
        }

        private double decay(String name, String field, double tau) {
            if (!(tau > 0)) {
                throw new IllegalArgumentException("node '" + name + "': " + field + " must be > 0, got " + tau);
            }
            double b = conv.decay(dt, tau);
            if (!(b >= 0.0 && b <= 1.0)) {
                throw new IllegalArgumentException("node '" + name + "': " + field + " = " + tau + " with dt = " + dt
                        + " gives the decay " + b + " outside [0, 1] (forward Euler needs dt <= " + field + ")");
            }
            return b;
        }

        private double[] threshold(String name, NirNode node, int n) {
            double[] th = perNeuron(name, node, "v_threshold", n);
            for (double t : th) {
                if (!(t > 0) || Double.isInfinite(t) || !((float) t > 0f)) {
                    throw new IllegalArgumentException("node '" + name + "': v_threshold must be positive and finite "
                            + "(snn4j thresholds are > 0), got " + t);
                }
            }
            return th;
        }

        private void checkReset(String name, NirNode node, int n) {
            if (node.has("v_reset") && nonZero(perNeuron(name, node, "v_reset", n))) {
                throw new IllegalArgumentException("node '" + name + "': v_reset other than 0 is not supported "
                        + "(snn4j resets to 0 or by subtraction)");
            }
        }

        private double[] perNeuron(String name, NirNode node, String field, int n) {
            return broadcastChecked(name, node.param(field), n, field);
        }

        private static double[] broadcastChecked(String name, NirArray a, int n) {
            return broadcastChecked(name, a, n, "bias");
        }

        private static double[] broadcastChecked(String name, NirArray a, int n, String field) {
            checkSize(name, field, a, n);
            return broadcast(a, n);
        }

        private void addOp(Op op) {
            ops.add(op);
            shape = op.out;
        }
    }

    private static void checkSize(String name, String field, NirArray a, int n) {
        if (a.size() != 1 && a.size() != n) {
            throw new IllegalArgumentException("node '" + name + "': " + field + " has " + a.size()
                    + " values " + a + ", expected 1 or " + n);
        }
    }

    private static double[] broadcast(NirArray a, int n) {
        return a.size() == n ? a.data() : filled(n, a.get(0));
    }

    static double[] filled(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    static boolean nonZero(double[] v) {
        for (double x : v) {
            if (x != 0.0) {
                return true;
            }
        }
        return false;
    }

    /** A square pair (pooling window, stride, padding): a scalar or two equal values. */
    private static int square(String name, NirNode node, String field) {
        int[] v = pair(name, node, field);
        if (v[0] == v[1]) {
            return v[0];
        }
        throw new IllegalArgumentException("node '" + name + "': " + field + " " + Arrays.toString(v)
                + " differs between height and width; snn4j's pooling supports square values only");
    }

    /** A per-direction pair {@code {height, width}}: a scalar (both) or two values. */
    private static int[] pair(String name, NirNode node, String field) {
        int[] v = node.param(field).toInts();
        if (v.length == 1) {
            return new int[] {v[0], v[0]};
        }
        if (v.length == 2) {
            return v;
        }
        throw new IllegalArgumentException("node '" + name + "': " + field + " must be one value or [height, width], got "
                + Arrays.toString(v));
    }

    private static int scalarInt(String name, NirNode node, String field) {
        int[] v = node.param(field).toInts();
        if (v.length != 1) {
            throw new IllegalArgumentException("node '" + name + "': " + field + " must be one value, got "
                    + Arrays.toString(v));
        }
        return v[0];
    }

    // ---------------------------------------------------------------- network

    private static Network build(Shape inputShape, List<Op> ops, Options options) {
        List<LayerSpec> specs = new ArrayList<>();
        for (Op op : ops) {
            specs.add(spec(op, options));
        }
        Network net = new NetworkSpec(inputShape, specs).build(0L);
        for (int i = 0; i < ops.size(); i++) {
            fill(net.layers().get(i), ops.get(i));
        }
        return net;
    }

    private static LayerSpec spec(Op op, Options options) {
        try {
            return switch (op) {
                case Dense d -> new Linear.Spec(d.nIn, d.nOut, d.b != null);
                case Conv c -> Conv2d.Spec.builder(c.cout, c.kh).kernel(c.kh, c.kw).inChannels(c.in.dim(0))
                        .stride(c.stride[0], c.stride[1]).padding(c.pad[0], c.pad[1]).dilation(c.dil[0], c.dil[1])
                        .groups(c.groups).bias(c.b != null).build();
                case Pool p -> new AvgPool2d.Spec(p.k, p.stride, p.pad);
                case Flat _ -> new Flatten.Spec();
                case Thresh t -> new ThresholdSpec((float) t.theta[0], Surrogate.atan(),
                        uniform(t.theta) ? LearnMode.FIXED : LearnMode.PER_NEURON);
                case DelayLine _ -> new Delay.Spec(0);
                case Gain g -> throw new IllegalStateException("unfolded gain of node '" + g.node + "'");
                case Neuron n -> neuronSpec(n, options.reset(), options.convention().resetTiming(), options.maxSpikes());
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + op.node + "': " + e.getMessage(), e);
        }
    }

    /**
     * The neuron's spec; {@code timing} and {@code maxSpikes} apply to LIF, IF and CubaLIF, recurrent or not.
     */
    private static LayerSpec neuronSpec(Neuron n, Reset reset, ResetTiming timing, int maxSpikes) {
        LearnMode bm = uniform(n.beta) ? LearnMode.FIXED : LearnMode.PER_NEURON;
        float beta = (float) n.beta[0];
        boolean spiking = n.kind != Kind.LI;
        LearnMode tm = spiking && !uniform(n.theta) ? LearnMode.PER_NEURON : LearnMode.FIXED;
        float theta = spiking ? (float) n.theta[0] : Float.NaN;
        LearnMode am = n.alpha == null || uniform(n.alpha) ? LearnMode.FIXED : LearnMode.PER_NEURON;
        float alpha = n.alpha == null ? 0f : (float) n.alpha[0];
        return switch (n.kind) {
            case LI -> LiSpec.builder().beta(beta).alpha(alpha).learnBeta(bm).learnAlpha(am).build();
            case IF -> IfSpec.builder().threshold(theta).reset(reset).resetTiming(timing).learnThreshold(tm)
                    .maxSpikes(maxSpikes).build();
            case LIF -> n.rec == null
                    ? LifSpec.builder().beta(beta).threshold(theta).reset(reset).resetTiming(timing).learnBeta(bm)
                            .learnThreshold(tm).maxSpikes(maxSpikes).build()
                    : RlifSpec.builder().beta(beta).threshold(theta).reset(reset).resetTiming(timing).learnBeta(bm)
                            .learnThreshold(tm).recurrentBias(n.recBias != null).maxSpikes(maxSpikes).build();
            case CUBA -> n.rec == null
                    ? SynapticSpec.builder().alpha(alpha).beta(beta).threshold(theta).reset(reset).resetTiming(timing)
                            .learnAlpha(am).learnBeta(bm).learnThreshold(tm).maxSpikes(maxSpikes).build()
                    : RsynSpec.builder().alpha(alpha).beta(beta).threshold(theta).reset(reset).resetTiming(timing)
                            .learnAlpha(am).learnBeta(bm).learnThreshold(tm).recurrentBias(n.recBias != null)
                            .maxSpikes(maxSpikes).build();
        };
    }

    private static boolean uniform(double[] v) {
        for (double x : v) {
            if ((float) x != (float) v[0]) {
                return false;
            }
        }
        return true;
    }

    private static void fill(Layer layer, Op op) {
        switch (op) {
            case Dense d -> {
                Linear l = (Linear) layer;
                set(l.weight(), d.w);
                if (d.b != null) {
                    set(l.bias(), d.b);
                }
            }
            case Conv c -> {
                Conv2d l = (Conv2d) layer;
                set(l.weight(), c.w);
                if (c.b != null) {
                    set(l.bias(), c.b);
                }
            }
            case DelayLine d -> ((Delay) layer).setDelays(d.steps);
            case Thresh t -> {
                for (Parameter p : layer.parameters()) {
                    set(p, t.theta);
                }
            }
            case Neuron n -> {
                for (Parameter p : layer.parameters()) {
                    switch (p.name()) {
                        case "beta" -> set(p, n.beta);
                        case "alpha" -> set(p, n.alpha);
                        case "threshold" -> set(p, n.theta);
                        case "recurrent_weight" -> set(p, n.rec);
                        case "recurrent_bias" -> set(p, n.recBias);
                        default -> throw new IllegalStateException("unexpected parameter " + p + " of node '" + n.node + "'");
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void set(Parameter p, double[] v) {
        float[] dst = p.value();
        if (dst.length != v.length) {
            throw new IllegalStateException("parameter " + p + " has " + dst.length + " values, got " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            dst[i] = (float) v[i];
        }
        p.markModified();
    }
}
