package org.snn4j.core.network;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.BatchNorm;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.MaxPool2d;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.neuron.AlifSpec;
import org.snn4j.core.neuron.IfSpec;
import org.snn4j.core.neuron.LiSpec;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.RlifSpec;
import org.snn4j.core.neuron.RsynSpec;
import org.snn4j.core.neuron.SynapticSpec;
import org.snn4j.core.neuron.ThresholdSpec;

/**
 * The layer types that architecture and model files may name. Each {@link LayerType} ties a type
 * name (the value of {@link LayerSpec#type()}) to its spec record class and to the default values
 * of the record components a file may leave out. Readers map a file's fields onto the record
 * components by name and call the record's canonical constructor, whose compact constructor
 * validates the values; nothing here is specific to one layer type.
 *
 * <p>Registries are immutable: {@link #register(LayerType)} returns a new registry. Adding a type
 * to {@link #builtIn()} is one line, e.g.
 * {@code LayerType.of("lif", Lif.Spec.class, Map.of("beta", 0.9f))}.
 */
public final class LayerRegistry {

    /**
     * One registered layer type.
     *
     * @param name      the type name, equal to {@code spec.type()} of every instance of {@code specClass}
     * @param specClass the spec record class; must be a record implementing {@link LayerSpec}
     * @param defaults  values for record components that files may omit, keyed by component name;
     *                  each value must be an instance of the component's (boxed) type. Components
     *                  without a default are required.
     */
    public record LayerType(String name, Class<? extends LayerSpec> specClass, Map<String, Object> defaults) {

        public LayerType {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(specClass, "specClass");
            if (name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalArgumentException("layer type name must be non-blank without surrounding spaces, got '"
                        + name + "'");
            }
            if (!specClass.isRecord()) {
                throw new IllegalArgumentException("layer type '" + name + "': spec class " + specClass.getName()
                        + " must be a record");
            }
            Map<String, RecordComponent> components = new LinkedHashMap<>();
            for (RecordComponent c : specClass.getRecordComponents()) {
                components.put(c.getName(), c);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : new TreeMap<>(defaults).entrySet()) {
                RecordComponent c = components.get(e.getKey());
                if (c == null) {
                    throw new IllegalArgumentException("layer type '" + name + "': default given for '" + e.getKey()
                            + "', which is not a component of " + specClass.getSimpleName() + " " + components.keySet());
                }
                Object v = Objects.requireNonNull(e.getValue(), () -> "layer type '" + name + "': default for '"
                        + e.getKey() + "' is null");
                Class<?> boxed = box(c.getType());
                if (!boxed.isInstance(v)) {
                    throw new IllegalArgumentException("layer type '" + name + "': default for '" + e.getKey()
                            + "' must be a " + boxed.getSimpleName() + " (component type " + c.getType().getSimpleName()
                            + "), got " + v.getClass().getSimpleName() + " " + v);
                }
                copy.put(e.getKey(), v);
            }
            defaults = Collections.unmodifiableMap(copy);
        }

        /** A type whose spec record class is checked at compile time. */
        public static <S extends Record & LayerSpec> LayerType of(String name, Class<S> specClass,
                                                                  Map<String, Object> defaults) {
            return new LayerType(name, specClass, defaults);
        }

        /** A type all of whose components are required. */
        public static <S extends Record & LayerSpec> LayerType of(String name, Class<S> specClass) {
            return new LayerType(name, specClass, Map.of());
        }

        /** The spec record's components in declaration order (the canonical constructor's parameters). */
        public List<RecordComponent> components() {
            return List.of(specClass.getRecordComponents());
        }

        /** Names of all components, in declaration order. */
        public List<String> fieldNames() {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : specClass.getRecordComponents()) {
                names.add(c.getName());
            }
            return names;
        }

        /** Names of the components without a default, in declaration order. */
        public List<String> requiredFields() {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : specClass.getRecordComponents()) {
                if (!defaults.containsKey(c.getName())) {
                    names.add(c.getName());
                }
            }
            return names;
        }

        private static Class<?> box(Class<?> t) {
            if (!t.isPrimitive()) {
                return t;
            }
            if (t == int.class) {
                return Integer.class;
            } else if (t == float.class) {
                return Float.class;
            } else if (t == boolean.class) {
                return Boolean.class;
            } else if (t == long.class) {
                return Long.class;
            } else if (t == double.class) {
                return Double.class;
            } else if (t == short.class) {
                return Short.class;
            } else if (t == byte.class) {
                return Byte.class;
            } else {
                return Character.class;
            }
        }
    }

    private static final LayerRegistry BUILT_IN = new LayerRegistry(Map.of()).registerAll(List.of(
            LayerType.of("linear", Linear.Spec.class, Map.of("inFeatures", 0, "bias", true)),
            LayerType.of("conv2d", Conv2d.Spec.class, Map.of("inChannels", 0, "stride", 1, "padding", 0,
                    "dilation", 1, "groups", 1, "bias", true, "kernelWidth", Conv2d.Spec.SAME_AS_HEIGHT,
                    "strideWidth", Conv2d.Spec.SAME_AS_HEIGHT, "paddingWidth", Conv2d.Spec.SAME_AS_HEIGHT,
                    "dilationWidth", Conv2d.Spec.SAME_AS_HEIGHT)),
            LayerType.of("dropout", Dropout.Spec.class),
            LayerType.of("flatten", Flatten.Spec.class),
            LayerType.of("maxpool2d", MaxPool2d.Spec.class, Map.of("stride", 0, "padding", 0)),
            LayerType.of("avgpool2d", AvgPool2d.Spec.class, Map.of("stride", 0, "padding", 0)),
            LayerType.of("batchnorm", BatchNorm.Spec.class, recordDefaults(BatchNorm.Spec.defaults())),
            LayerType.of("relu", Relu.Spec.class),
            LayerType.of("qcfs", Qcfs.Spec.class, Map.of("initialThreshold", Qcfs.Spec.DEFAULT_INITIAL_THRESHOLD)),
            LayerType.of("delay", Delay.Spec.class, Map.of("initialDelay", 0)),
            LayerType.of("threshold", ThresholdSpec.class, recordDefaults(ThresholdSpec.defaults())),
            LayerType.of("lif", LifSpec.class, recordDefaults(LifSpec.builder().build())),
            LayerType.of("if", IfSpec.class, recordDefaults(IfSpec.defaults())),
            LayerType.of("synaptic", SynapticSpec.class, recordDefaults(SynapticSpec.builder().build())),
            LayerType.of("alif", AlifSpec.class, recordDefaults(AlifSpec.builder().build())),
            LayerType.of("rlif", RlifSpec.class, recordDefaults(RlifSpec.builder().build())),
            LayerType.of("rsynaptic", RsynSpec.class, recordDefaults(RsynSpec.builder().build())),
            LayerType.of("li", LiSpec.class, recordDefaults(LiSpec.builder().build()))));

    private final Map<String, LayerType> types;

    private LayerRegistry(Map<String, LayerType> types) {
        this.types = types;
    }

    /** A registry with no types. */
    public static LayerRegistry empty() {
        return new LayerRegistry(Map.of());
    }

    /**
     * The layer types shipped with snn4j core: {@code linear}, {@code conv2d} (see {@link Conv2d.Spec};
     * {@code outChannels} and {@code kernelSize} required, the width components {@code kernelWidth},
     * {@code strideWidth}, {@code paddingWidth}, {@code dilationWidth} default to −1 = the height value),
     * {@code dropout}, {@code flatten}, {@code maxpool2d}, {@code avgpool2d} ({@code kernelSize} required; {@code stride} 0 = kernel size,
     * {@code padding} 0), {@code batchnorm} (momentum 0.1, eps 1e-5, affine), the activations {@code relu} and {@code qcfs} ({@code levels} required; {@code initialThreshold} 8.0),
     * {@code delay} ({@code initialDelay} 0 steps; per-feature delays in its {@code "delay"} buffer), the stateless
     * {@code threshold} (θ 1, arctan surrogate, fixed) and the neuron types
     * {@code lif}, {@code if}, {@code synaptic}, {@code alif}, {@code rlif}, {@code rsynaptic} and the non-spiking
     * leaky integrator {@code li} (β 0.95, α 0).
     */
    public static LayerRegistry builtIn() {
        return BUILT_IN;
    }

    /**
     * A new registry with {@code type} added.
     *
     * @throws IllegalArgumentException if the name or the spec class is already registered
     */
    public LayerRegistry register(LayerType type) {
        return registerAll(List.of(type));
    }

    /** A new registry with all of {@code added} registered (see {@link #register(LayerType)}). */
    public LayerRegistry registerAll(Collection<LayerType> added) {
        Map<String, LayerType> m = new TreeMap<>(types);
        for (LayerType t : added) {
            if (m.containsKey(t.name())) {
                throw new IllegalArgumentException("layer type '" + t.name() + "' is already registered (as "
                        + m.get(t.name()).specClass().getName() + ")");
            }
            for (LayerType other : m.values()) {
                if (other.specClass() == t.specClass()) {
                    throw new IllegalArgumentException("spec class " + t.specClass().getName()
                            + " is already registered as '" + other.name() + "'");
                }
            }
            m.put(t.name(), t);
        }
        return new LayerRegistry(Collections.unmodifiableMap(m));
    }

    /**
     * The type registered under {@code name}.
     *
     * @throws IllegalArgumentException naming the known types if there is none
     */
    public LayerType lookup(String name) {
        LayerType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown layer type '" + name + "'; known types: "
                    + String.join(", ", types.keySet()));
        }
        return t;
    }

    /**
     * The type of a spec instance, found by its {@link LayerSpec#type()} and checked against its class.
     *
     * @throws IllegalArgumentException if the type is not registered or registered with another class
     */
    public LayerType typeOf(LayerSpec spec) {
        LayerType t = lookup(spec.type());
        if (t.specClass() != spec.getClass()) {
            throw new IllegalArgumentException("layer type '" + spec.type() + "' is registered with spec class "
                    + t.specClass().getName() + " but this spec is a " + spec.getClass().getName());
        }
        return t;
    }

    /** Whether a type of that name is registered. */
    public boolean contains(String name) {
        return types.containsKey(name);
    }

    /** Registered type names, sorted. */
    public List<String> names() {
        return List.copyOf(types.keySet());
    }

    /** Registered types, sorted by name. */
    public List<LayerType> types() {
        return List.copyOf(types.values());
    }

    @Override
    public String toString() {
        return "LayerRegistry" + types.keySet();
    }

    /** Every component of {@code defaults} as a default value: all fields of that type become optional. */
    static Map<String, Object> recordDefaults(Record defaults) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(defaults));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + defaults, e);
            }
        }
        return m;
    }
}
