package org.snn4j.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.network.Network;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.Reset;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;
import org.snn4j.core.neuron.ThresholdSpec;

/**
 * Writes an snn4j {@link Network} as a NIR graph, with the time step and convention of
 * {@link NirImport.Options} ({@link NirConvention} has the inverse formulas), so that
 * {@link NirImport#toNetwork} with the same options (and the network's reset) gives back the same
 * network: same weights, same β, α and θ (bit for bit), hence the same spikes and membranes. (Only
 * dropped: Dropout layers, and the bias of a Linear/Conv2d whose bias is all zero — it adds nothing.)
 *
 * <p>Nodes are named by layer index ({@code "0"}, {@code "1"} …) between {@code "input"} and
 * {@code "output"}, joined by a chain of edges:
 * <pre>
 *   Linear           Affine (weight [out, in] = Wᵀ, bias) or Linear when it has no bias (float32)
 *   Conv2d           Conv2d (weight [Cout, Cin/G, kh, kw], bias — zeros without one —, stride, padding,
 *                    dilation as int64[2] (height, width), groups, input_shape [H, W]); a 1×k kernel over [C, 1, L]
 *                    (an imported Conv1d) stays a Conv2d
 *   AvgPool2d        AvgPool2d (kernel_size, stride, padding as int64[2])
 *   Flatten          Flatten (start_dim 0, end_dim −1: NIR counts no batch dimension; input_type [C, H, W])
 *   Dropout          skipped (identity at inference)
 *   lif (Leaky)      LIF: τ = tau(dt, β), r = r(dt, τ) (unit gain), v_leak 0, v_threshold θ; all float64
 *                    arrays of the layer's shape. A layer whose β is 1 for every neuron becomes an IF node.
 *   if (Leaky)       IF: r = integratorR(dt) (unit gain), v_threshold θ
 *   synaptic         CubaLIF: τ_syn = tau(dt, α), τ_mem = tau(dt, β), r = r(dt, τ_mem), w_in = wIn(dt, τ_syn),
 *                    v_leak 0, v_threshold θ
 *   rlif             LIF node {@code "i.lif"} and its feedback {@code "i.w_rec"}: Affine/Linear with weight
 *                    Vᵀ (and the recurrent bias), edges {@code i.lif → i.w_rec → i.lif} (snnTorch's layout)
 *   li               LI: τ = tau(dt, β), r = r(dt, τ), v_leak 0; I (r = integratorR(dt)) when every β is 1;
 *                    CubaLI (as synaptic, without v_threshold) when some α is not 0
 *   threshold        Threshold (threshold θ per feature, float64)
 *   delay            Delay (delay = steps·dt per feature, float64)
 *   rsynaptic        CubaLIF node {@code "i.lif"} (as synaptic) and its feedback {@code "i.w_rec"} as for rlif
 *                    (snnTorch's RSynaptic layout, e.g. its Braille network)
 * </pre>
 * β, α and θ are the values the layer uses (trained per-neuron or shared values included, β and α
 * clamped to [0, 1] as in the forward pass). NIR has no reset field: SUBTRACT and ZERO layers are
 * written alike, and the importer resets as {@link NirImport.Options#reset} says (ZERO unless told
 * otherwise), so a network with reset by subtraction must be imported with {@code reset(SUBTRACT)}.
 * Nor has it a spike count: a layer with several spikes per step ({@code maxSpikes ≠ 1}) is written as any
 * other, and the importer takes the cap from {@link NirImport.Options#maxSpikes} (the convention's unless
 * told otherwise).
 *
 * <p>Refused ({@link IllegalArgumentException} naming the layer index and type): BatchNorm (fold it
 * into the preceding layer first, {@code org.snn4j.core.convert.BatchNormFolding}), MaxPool2d, Relu,
 * Qcfs, adaptive LIF, reset NONE (NIR neurons always reset), an IF start membrane other than 0, a
 * layer mixing β = 1 with β &lt; 1, α = 1, β = 0 under SINABS/ROCKPOOL (no finite τ), and any other layer type.
 */
public final class NirExport {

    private NirExport() {
    }

    /** The NIR graph of {@code network}; the network is not modified. */
    public static NirGraph toGraph(Network network, NirImport.Options options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(options, "options");
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        List<NirGraph.Edge> edges = new ArrayList<>();
        nodes.put("input", NirNode.of("Input", Map.of("shape", int64(network.inputShape().dims()))));
        String prev = "input";
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            LayerSpec spec = layer.spec();
            String name = String.valueOf(i);
            try {
                switch (spec) {
                    case Dropout.Spec _ -> {
                        continue;
                    }
                    case Linear.Spec s -> nodes.put(name, dense((Linear) layer, s.bias()));
                    case Conv2d.Spec s -> nodes.put(name, conv((Conv2d) layer, s));
                    case AvgPool2d.Spec s -> nodes.put(name, NirNode.of("AvgPool2d", ordered(
                            "kernel_size", int64(s.kernelSize(), s.kernelSize()),
                            "stride", int64(s.effectiveStride(), s.effectiveStride()),
                            "padding", int64(s.padding(), s.padding()))));
                    case Flatten.Spec _ -> nodes.put(name, NirNode.of("Flatten", ordered(
                            "start_dim", NirArray.int64Scalar(0), "end_dim", NirArray.int64Scalar(-1),
                            "input_type", int64(layer.inputShape().dims()))));
                    case LifSpec s -> nodes.put(name, lif(layer, s.beta(), s.threshold(), s.reset(), options));
                    case IfSpec s -> {
                        if (s.initialMembrane() != 0f) {
                            throw new IllegalArgumentException("its initial membrane " + s.initialMembrane()
                                    + "·θ has no NIR field (NIR neurons start at 0)");
                        }
                        checkReset(s.reset());
                        nodes.put(name, integrateAndFire(layer, s.threshold(), options));
                    }
                    case LiSpec s -> nodes.put(name, integrator(layer, s, options));
                    case ThresholdSpec s -> nodes.put(name, NirNode.of("Threshold", Map.of("threshold", f64(
                            values(layer, "threshold", s.threshold(), layer.inputShape().size(), false),
                            dims(layer.inputShape())))));
                    case Delay.Spec _ -> nodes.put(name, delay((Delay) layer, options));
                    case SynapticSpec s -> nodes.put(name, cubaLif(layer, s.alpha(), s.beta(), s.threshold(), s.reset(),
                            options));
                    case RsynSpec s -> {
                        String lif = name + ".lif";
                        String rec = name + ".w_rec";
                        nodes.put(lif, cubaLif(layer, s.alpha(), s.beta(), s.threshold(), s.reset(), options));
                        nodes.put(rec, recurrent(layer, s.recurrentBias()));
                        edges.add(new NirGraph.Edge(prev, lif));
                        edges.add(new NirGraph.Edge(lif, rec));
                        edges.add(new NirGraph.Edge(rec, lif));
                        prev = lif;
                        continue;
                    }
                    case RlifSpec s -> {
                        String lif = name + ".lif";
                        String rec = name + ".w_rec";
                        nodes.put(lif, lif(layer, s.beta(), s.threshold(), s.reset(), options));
                        nodes.put(rec, recurrent(layer, s.recurrentBias()));
                        edges.add(new NirGraph.Edge(prev, lif));
                        edges.add(new NirGraph.Edge(lif, rec));
                        edges.add(new NirGraph.Edge(rec, lif));
                        prev = lif;
                        continue;
                    }
                    default -> throw new IllegalArgumentException(unsupported(spec.type()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " (" + spec.type() + "): " + e.getMessage(), e);
            }
            edges.add(new NirGraph.Edge(prev, name));
            prev = name;
        }
        nodes.put("output", NirNode.of("Output", Map.of("shape", int64(network.outputShape().dims()))));
        edges.add(new NirGraph.Edge(prev, "output"));
        return new NirGraph(nodes, edges, null);
    }

    private static String unsupported(String type) {
        return switch (type) {
            case "batchnorm" -> "batch norm has no NIR node; fold it into the preceding Linear/Conv2d first "
                    + "(org.snn4j.core.convert.BatchNormFolding)";
            case "maxpool2d" -> "max pooling has no NIR node (NIR has SumPool2d and AvgPool2d); use avgpool2d";
            case "relu", "qcfs" -> "a non-spiking activation has no NIR node; convert the ANN to an SNN first";
            case "alif" -> "adaptive LIF neurons have no NIR node";
            default -> "layer type '" + type + "' has no NIR equivalent";
        };
    }

    private static NirNode dense(Linear layer, boolean bias) {
        int in = layer.inputShape().size();
        int out = layer.outputShape().size();
        NirArray w = transposed(layer.weight().value(), in, out);
        if (!bias) {
            return NirNode.of("Linear", Map.of("weight", w));
        }
        return NirNode.of("Affine", ordered("weight", w, "bias", NirArray.float32(layer.bias().value())));
    }

    /** Delay: the delays in steps times dt (SINABS: in steps), float64 of the layer's shape. */
    private static NirNode delay(Delay layer, NirImport.Options o) {
        int[] steps = layer.delays();
        double[] seconds = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            seconds[i] = steps[i] * o.dt();
        }
        return NirNode.of("Delay", Map.of("delay", f64(seconds, dims(layer.inputShape()))));
    }

    private static NirNode recurrent(Layer layer, boolean bias) {
        int n = layer.inputShape().size();
        NirArray w = transposed(param(layer, "recurrent_weight").value(), n, n);
        if (!bias) {
            return NirNode.of("Linear", Map.of("weight", w));
        }
        return NirNode.of("Affine", ordered("weight", w, "bias", NirArray.float32(param(layer, "recurrent_bias").value())));
    }

    /** A {@code [rows, cols]} presynaptic-row matrix as NIR's {@code [cols, rows]} float32 array. */
    private static NirArray transposed(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) {
            for (int o = 0; o < cols; o++) {
                t[o * rows + i] = v[i * cols + o];
            }
        }
        return NirArray.float32(t, cols, rows);
    }

    private static NirNode conv(Conv2d layer, Conv2d.Spec s) {
        float[] bias = s.bias() ? layer.bias().value() : new float[s.outChannels()];
        Shape in = layer.inputShape();
        return NirNode.of("Conv2d", ordered(
                "weight", NirArray.float32(layer.weight().value(), s.outChannels(), s.inChannels() / s.groups(),
                        s.kernelHeight(), s.kernelWidth()),
                "bias", NirArray.float32(bias),
                "stride", int64(s.strideHeight(), s.strideWidth()),
                "padding", int64(s.paddingHeight(), s.paddingWidth()),
                "dilation", int64(s.dilationHeight(), s.dilationWidth()),
                "groups", NirArray.int64Scalar(s.groups()),
                "input_shape", int64(in.dim(1), in.dim(2))));
    }

    private static NirNode lif(Layer layer, float specBeta, float specTheta, Reset reset, NirImport.Options o) {
        checkReset(reset);
        int n = layer.inputShape().size();
        double[] beta = values(layer, "beta", specBeta, n, true);
        double[] theta = values(layer, "threshold", specTheta, n, false);
        int ones = countOnes(beta);
        if (ones == n && !(layer.spec() instanceof RlifSpec)) {
            return integrateAndFire(layer, specTheta, o);
        }
        if (ones > 0) {
            throw new IllegalArgumentException(ones + " of its " + n + " neurons have β = 1 (no leak, infinite τ) and "
                    + "the others not; NIR has no such LIF");
        }
        Map<String, NirArray> fields = leakyMembrane(layer, beta, o);
        fields.put("v_threshold", f64(theta, dims(layer.inputShape())));
        return NirNode.of("LIF", fields);
    }

    /** {@code tau}, {@code r} (unit gain) and a zero {@code v_leak} of a leaky membrane with decays β (LIF, LI). */
    private static Map<String, NirArray> leakyMembrane(Layer layer, double[] beta, NirImport.Options o) {
        int n = beta.length;
        double[] tau = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            tau[i] = tau(o, beta[i], "beta");
            r[i] = o.convention().r(o.dt(), tau[i]);
        }
        long[] shape = dims(layer.inputShape());
        return ordered("tau", f64(tau, shape), "r", f64(r, shape), "v_leak", f64(new double[n], shape));
    }

    /**
     * A leaky integrator: CubaLI when some α is not 0, else I when every β is 1, else LI (a layer mixing β = 1
     * with β &lt; 1 is refused, as for LIF).
     */
    private static NirNode integrator(Layer layer, LiSpec s, NirImport.Options o) {
        int n = layer.inputShape().size();
        double[] alpha = values(layer, "alpha", s.alpha(), n, true);
        double[] beta = values(layer, "beta", s.beta(), n, true);
        if (NirImport.nonZero(alpha)) {
            return NirNode.of("CubaLI", synapticMembrane(layer, alpha, beta, o));
        }
        int ones = countOnes(beta);
        if (ones == n) {
            return NirNode.of("I", ordered("r", integratorR(layer, o)));
        }
        if (ones > 0) {
            throw new IllegalArgumentException(ones + " of its " + n + " neurons have β = 1 (no leak, infinite τ) and "
                    + "the others not; NIR has no such LI");
        }
        return NirNode.of("LI", leakyMembrane(layer, beta, o));
    }

    private static int countOnes(double[] v) {
        int ones = 0;
        for (double b : v) {
            ones += b == 1.0 ? 1 : 0;
        }
        return ones;
    }


    private static NirNode integrateAndFire(Layer layer, float specTheta, NirImport.Options o) {
        int n = layer.inputShape().size();
        double[] theta = values(layer, "threshold", specTheta, n, false);
        return NirNode.of("IF", ordered("r", integratorR(layer, o), "v_threshold", f64(theta, dims(layer.inputShape()))));
    }

    /** The {@code r} of an IF or I node with unit gain, {@code integratorR(dt)} for every neuron of the layer. */
    private static NirArray integratorR(Layer layer, NirImport.Options o) {
        double[] r = new double[layer.inputShape().size()];
        java.util.Arrays.fill(r, o.convention().integratorR(o.dt()));
        return f64(r, dims(layer.inputShape()));
    }

    private static NirNode cubaLif(Layer layer, float specAlpha, float specBeta, float specTheta, Reset reset,
                                   NirImport.Options o) {
        checkReset(reset);
        int n = layer.inputShape().size();
        double[] alpha = values(layer, "alpha", specAlpha, n, true);
        double[] beta = values(layer, "beta", specBeta, n, true);
        double[] theta = values(layer, "threshold", specTheta, n, false);
        Map<String, NirArray> fields = synapticMembrane(layer, alpha, beta, o);
        fields.put("v_threshold", f64(theta, dims(layer.inputShape())));
        return NirNode.of("CubaLIF", fields);
    }

    /**
     * {@code tau_syn}, {@code tau_mem}, {@code r} and {@code w_in} (unit gains) and a zero {@code v_leak} of a
     * current-based membrane with decays α, β (CubaLIF, CubaLI).
     */
    private static Map<String, NirArray> synapticMembrane(Layer layer, double[] alpha, double[] beta,
                                                          NirImport.Options o) {
        int n = beta.length;
        double dt = o.dt();
        double[] tauSyn = new double[n];
        double[] tauMem = new double[n];
        double[] r = new double[n];
        double[] wIn = new double[n];
        for (int i = 0; i < n; i++) {
            tauSyn[i] = tau(o, alpha[i], "alpha");
            tauMem[i] = tau(o, beta[i], "beta");
            r[i] = o.convention().r(dt, tauMem[i]);
            wIn[i] = o.convention().wIn(dt, tauSyn[i]);
        }
        long[] shape = dims(layer.inputShape());
        return ordered("tau_syn", f64(tauSyn, shape), "tau_mem", f64(tauMem, shape), "r", f64(r, shape),
                "v_leak", f64(new double[n], shape), "w_in", f64(wIn, shape));
    }

    private static double tau(NirImport.Options o, double decay, String what) {
        double t = o.convention().tau(o.dt(), decay);
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException(what + " = " + decay + " has no finite positive time constant under "
                    + o.convention() + " (τ = " + t + ")");
        }
        return t;
    }

    private static void checkReset(Reset reset) {
        if (reset == Reset.NONE) {
            throw new IllegalArgumentException("reset NONE has no NIR equivalent (NIR neurons always reset)");
        }
    }

    /** The values the layer uses for {@code name}: its parameter ([1] or [N]) when trained, else the spec value. */
    private static double[] values(Layer layer, String name, float specValue, int n, boolean clampUnit) {
        double[] v = new double[n];
        Parameter p = find(layer, name);
        for (int i = 0; i < n; i++) {
            float x = p == null ? specValue : p.value()[p.size() == 1 ? 0 : i];
            v[i] = clampUnit ? Math.min(1f, Math.max(0f, x)) : x;
        }
        return v;
    }

    private static Parameter find(Layer layer, String name) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static Parameter param(Layer layer, String name) {
        Parameter p = find(layer, name);
        if (p == null) {
            throw new IllegalStateException("layer " + layer.spec().type() + " has no parameter '" + name + "'");
        }
        return p;
    }

    private static long[] dims(Shape s) {
        long[] d = new long[s.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.dim(i);
        }
        return d;
    }

    private static NirArray f64(double[] v, long[] shape) {
        return new NirArray(shape, v, NirArray.ElementType.FLOAT64);
    }

    private static NirArray int64(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i];
        }
        return NirArray.int64(l);
    }

    private static Map<String, NirArray> ordered(Object... kv) {
        Map<String, NirArray> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (NirArray) kv[i + 1]);
        }
        return m;
    }
}
