package org.snn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.snn4j.core.Shape;
import org.snn4j.core.network.LayerRegistry;
import org.snn4j.core.network.LayerRegistry.LayerType;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.network.NetworkSpec;

/**
 * Architecture files: a {@link NetworkSpec} as JSON, UTF-8.
 *
 * <pre>{@code
 * {
 *   "input": [784],
 *   "layers": [
 *     {"type": "linear", "outFeatures": 1000},
 *     {"type": "lif", "beta": 0.95, "reset": "SUBTRACT", "surrogate": {"kind": "ATAN", "scale": 2.0}},
 *     {"type": "linear", "outFeatures": 10},
 *     {"type": "lif", "beta": 0.95}
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code input} is the per-sample input shape; each layer object has a {@code type} (a name in
 * the {@link LayerRegistry}) and one member per component of that type's spec record, named as the
 * record component. Values: numbers for numeric components (floats are read exactly), {@code true}
 * / {@code false}, strings, enum constants by name (any case on read), nested records as objects,
 * arrays for arrays, lists and shapes. Components left out take the registry's defaults; the spec
 * record's constructor then validates the values. Writing emits every component (inferred sizes
 * included), so {@code parse(toJson(spec)).equals(spec)}.
 *
 * <p>Every problem is reported as a {@link ModelFormatException} naming the file, the JSON location
 * (e.g. {@code layers[1].surrogate.kind}), what is wrong and how to fix it.
 */
public final class ArchitectureJson {

    private static final Set<String> TOP_LEVEL = Set.of("input", "layers");

    private ArchitectureJson() {
    }

    /** Reads an architecture file using the {@link LayerRegistry#builtIn() built-in} layer types. */
    public static NetworkSpec read(Path file) throws IOException {
        return read(file, LayerRegistry.builtIn());
    }

    /**
     * Reads an architecture file.
     *
     * @throws ModelFormatException if the file is not valid UTF-8 JSON or does not describe a valid network
     * @throws IOException          if the file cannot be read
     */
    public static NetworkSpec read(Path file, LayerRegistry registry) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file + ": not UTF-8 text; architecture files are UTF-8 JSON", e);
        }
        return parse(text, file.toString(), registry);
    }

    /**
     * Parses architecture JSON text.
     *
     * @param source name used in error messages (a file name, or e.g. {@code "<string>"})
     */
    public static NetworkSpec parse(String json, String source, LayerRegistry registry) throws ModelFormatException {
        return fromTree(JsonText.parse(json, source), new RecordJson.Where(source, "", null), registry);
    }

    /** Parses architecture JSON text with the built-in layer types; errors name the source {@code <string>}. */
    public static NetworkSpec parse(String json) throws ModelFormatException {
        return parse(json, "<string>", LayerRegistry.builtIn());
    }

    /** The spec as pretty JSON text, using the built-in layer types. */
    public static String toJson(NetworkSpec spec) {
        return toJson(spec, LayerRegistry.builtIn());
    }

    /**
     * The spec as pretty JSON text.
     *
     * @throws IllegalArgumentException if a layer's type is not in {@code registry}
     */
    public static String toJson(NetworkSpec spec, LayerRegistry registry) {
        return JsonText.write(toTree(spec, registry));
    }

    /** Writes the spec to {@code file} atomically (see {@link ModelFile} for the procedure), built-in types. */
    public static void write(NetworkSpec spec, Path file) throws IOException {
        write(spec, file, LayerRegistry.builtIn());
    }

    /** Writes the spec to {@code file} atomically: a temporary file in the same directory, fsync, rename. */
    public static void write(NetworkSpec spec, Path file, LayerRegistry registry) throws IOException {
        byte[] bytes = toJson(spec, registry).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, bytes);
    }

    /**
     * Checks that every registered spec record has only component types that JSON files can hold.
     *
     * @throws IllegalArgumentException naming the first unsupported component
     */
    public static void checkSupported(LayerRegistry registry) {
        for (LayerType t : registry.types()) {
            RecordJson.checkSupported(t.specClass(), t.name());
        }
    }

    static ObjectNode toTree(NetworkSpec spec, LayerRegistry registry) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("input", RecordJson.toJson(spec.inputShape(), Shape.class));
        ArrayNode layers = root.putArray("layers");
        for (LayerSpec ls : spec.layers()) {
            LayerType t = registry.typeOf(ls);
            ObjectNode o = layers.addObject();
            o.put("type", t.name());
            o.setAll(RecordJson.recordToJson((Record) ls));
        }
        return root;
    }

    static NetworkSpec fromTree(JsonNode root, RecordJson.Where where, LayerRegistry registry)
            throws ModelFormatException {
        if (!root.isObject()) {
            throw where.error("expected a JSON object with \"input\" and \"layers\", got " + RecordJson.jsonKind(root)
                    + " " + RecordJson.shortText(root));
        }
        for (String key : (Iterable<String>) root::fieldNames) {
            if (!TOP_LEVEL.contains(key)) {
                throw where.field(key).error("unknown field '" + key
                        + "'; an architecture has the fields: input, layers. Remove or rename it");
            }
        }
        JsonNode inputNode = root.get("input");
        if (inputNode == null) {
            throw where.error("missing required field 'input' (the per-sample input shape); add e.g. \"input\": [784]");
        }
        Shape input = (Shape) RecordJson.fromJson(inputNode, Shape.class, where.field("input"));
        JsonNode layersNode = root.get("layers");
        RecordJson.Where lw = where.field("layers");
        if (layersNode == null) {
            throw where.error("missing required field 'layers' (an array of layer objects); add e.g. "
                    + "\"layers\": [{\"type\": \"linear\", \"outFeatures\": 10}]");
        }
        if (!layersNode.isArray()) {
            throw lw.error("wrong JSON type: expected an array of layer objects, got " + RecordJson.jsonKind(layersNode)
                    + " " + RecordJson.shortText(layersNode));
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < layersNode.size(); i++) {
            layers.add(readLayer(layersNode.get(i), lw.index(i), registry));
        }
        try {
            return new NetworkSpec(input, layers);
        } catch (IllegalArgumentException e) {
            throw lw.error("invalid value: " + e.getMessage(), e);
        }
    }

    private static LayerSpec readLayer(JsonNode node, RecordJson.Where w, LayerRegistry registry)
            throws ModelFormatException {
        if (!node.isObject()) {
            throw w.error("wrong JSON type: expected a layer object such as {\"type\": \"linear\", ...}, got "
                    + RecordJson.jsonKind(node) + " " + RecordJson.shortText(node));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null) {
            throw w.error("missing required field 'type'; known types: " + String.join(", ", registry.names()));
        }
        if (!typeNode.isTextual()) {
            throw w.field("type").error("wrong JSON type: expected a string, one of " + String.join(", ", registry.names())
                    + ", got " + RecordJson.jsonKind(typeNode) + " " + RecordJson.shortText(typeNode));
        }
        String name = typeNode.textValue();
        if (!registry.contains(name)) {
            throw w.field("type").error("unknown layer type '" + name + "'; known types: "
                    + String.join(", ", registry.names()));
        }
        LayerType t = registry.lookup(name);
        RecordJson.Where tw = w.ofType(name);
        LayerSpec spec = (LayerSpec) RecordJson.readRecord(node, t.specClass(), t.defaults(), Set.of("type"), tw);
        if (!spec.type().equals(name)) {
            throw new IllegalStateException("layer type '" + name + "' is registered with " + t.specClass().getName()
                    + ", whose type() is '" + spec.type() + "'; fix the registry");
        }
        return spec;
    }
}
