package org.snn4j.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NIR node types snn4j reads and writes, with the parameters each needs and may have, as the
 * NIR reference implementation (neuromorphs/NIR) serialises them. The dynamics of the neuron
 * types are continuous-time ODEs (τ in seconds; {@code r} a resistance, {@code v_*} potentials):
 * <pre>
 *   I:       dv/dt = r·I
 *   IF:      dv/dt = r·I;                              spike and reset when v &gt; v_threshold
 *   LI:      τ·dv/dt = (v_leak − v) + r·I
 *   LIF:     τ·dv/dt = (v_leak − v) + r·I;             spike and reset when v &gt; v_threshold
 *   CubaLI:  τ_syn·dI_s/dt = −I_s + w_in·I;  τ_mem·dv/dt = (v_leak − v) + r·I_s
 *   CubaLIF: as CubaLI, spiking and resetting as LIF
 * </pre>
 * (reset to {@code v_reset}, 0 when absent). Parameters beyond those listed are kept when read
 * and written back, but not interpreted.
 */
public final class NirTypes {
    /** The type name of a nested graph. */
    public static final String GRAPH = "NIRGraph";

    private record Fields(Set<String> required, Set<String> optional) {
    }

    private static final Map<String, Fields> TYPES = new LinkedHashMap<>();

    static {
        add("Input", "shape");
        add("Output", "shape");
        add("Affine", "weight bias");
        add("Linear", "weight");
        add("Scale", "scale");
        add("Conv1d", "weight stride padding dilation groups bias", "input_shape");
        add("Conv2d", "weight stride padding dilation groups bias", "input_shape");
        add("SumPool2d", "kernel_size stride padding");
        add("AvgPool2d", "kernel_size stride padding");
        add("Flatten", "start_dim end_dim", "input_type");
        add("Delay", "delay");
        add("Threshold", "threshold");
        add("I", "r");
        add("IF", "r v_threshold", "v_reset");
        add("LI", "tau r v_leak");
        add("LIF", "tau r v_leak v_threshold", "v_reset");
        add("CubaLI", "tau_syn tau_mem r v_leak", "w_in");
        add("CubaLIF", "tau_syn tau_mem r v_leak v_threshold", "v_reset w_in");
    }

    private NirTypes() {
    }

    private static void add(String type, String required) {
        add(type, required, "");
    }

    private static void add(String type, String required, String optional) {
        TYPES.put(type, new Fields(Set.of(required.split(" ")), optional.isEmpty() ? Set.of() : Set.of(optional.split(" "))));
    }

    /** The primitive type names known (every one but {@link #GRAPH}), in a fixed order. */
    public static List<String> primitives() {
        return new ArrayList<>(TYPES.keySet());
    }

    /** Whether {@code type} is a known primitive or {@link #GRAPH}. */
    public static boolean known(String type) {
        return GRAPH.equals(type) || TYPES.containsKey(type);
    }

    /** Parameters a node of {@code type} must have (empty for an unknown type). */
    public static Set<String> required(String type) {
        Fields f = TYPES.get(type);
        return f == null ? Set.of() : f.required();
    }

    /** Parameters a node of {@code type} may have besides the required ones. */
    public static Set<String> optional(String type) {
        Fields f = TYPES.get(type);
        return f == null ? Set.of() : f.optional();
    }

    /**
     * Checks a node: a known type with every required parameter.
     *
     * @param name the node's name, for the message
     * @throws IllegalArgumentException naming the node and the type or the missing parameter
     */
    public static void check(String name, NirNode node) {
        if (!known(node.type())) {
            throw new IllegalArgumentException("node '" + name + "' has unknown type '" + node.type() + "'; known types: "
                    + String.join(", ", primitives()) + ", " + GRAPH);
        }
        for (String p : required(node.type())) {
            if (!node.has(p)) {
                throw new IllegalArgumentException("node '" + name + "' (" + node.type() + ") lacks its '" + p + "' field");
            }
        }
    }
}
