package org.snn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.snn4j.core.Shape;

/**
 * Generic mapping between Java values and Jackson trees, driven by record components. Supported
 * value types: {@code boolean}, {@code byte}, {@code short}, {@code int}, {@code long}, {@code float},
 * {@code double} and their boxes; {@link String}; enums (by constant name, read case-insensitively);
 * {@link Shape} (as an array of dimensions); records (as objects keyed by component name); arrays and
 * {@link List}s of supported types; {@link Map}s with String keys (as objects, written in key order). Non-finite floats are written as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}. Floats are read from the exact decimal text, so a written
 * float reads back bit-identical.
 */
final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    /** Where a value sits, for error messages: the source, a JSON path and optionally a layer type. */
    record Where(String source, String path, String layerType) {
        Where field(String name) {
            return new Where(source, path.isEmpty() ? name : path + "." + name, layerType);
        }

        Where index(int i) {
            return new Where(source, path + "[" + i + "]", layerType);
        }

        Where ofType(String type) {
            return new Where(source, path, type);
        }

        ModelFormatException error(String problem) {
            return new ModelFormatException(prefix() + problem);
        }

        ModelFormatException error(String problem, Throwable cause) {
            return new ModelFormatException(prefix() + problem, cause);
        }

        private String prefix() {
            String loc = path.isEmpty() ? "(top level)" : path;
            return source + ": " + loc + (layerType == null ? "" : " (" + layerType + " layer)") + ": ";
        }
    }

    // ---------------------------------------------------------------- writing

    /** The JSON form of {@code value}, declared as {@code type}. */
    static JsonNode toJson(Object value, Type type) {
        if (value == null) {
            return NODES.nullNode();
        }
        Class<?> raw = rawClass(type);
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Float f) {
            return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
        } else if (value instanceof Double d) {
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
        } else if (value instanceof String s) {
            return NODES.textNode(s);
        } else if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        } else if (value instanceof Shape s) {
            ArrayNode a = NODES.arrayNode();
            for (int d : s.dims()) {
                a.add(d);
            }
            return a;
        } else if (value instanceof Record r) {
            return recordToJson(r);
        } else if (value.getClass().isArray()) {
            ArrayNode a = NODES.arrayNode();
            Class<?> element = value.getClass().getComponentType();
            for (int i = 0; i < Array.getLength(value); i++) {
                a.add(toJson(Array.get(value, i), element));
            }
            return a;
        } else if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            Type element = elementType(type, 0);
            for (Object o : list) {
                a.add(toJson(o, element));
            }
            return a;
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            Type element = elementType(type, 1);
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                o.set((String) e.getKey(), toJson(e.getValue(), element));
            }
            return o;
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " (declared "
                + raw.getName() + ") to JSON: supported are primitives, String, enums, Shape, records, arrays, lists and maps");
    }

    /** An object with one member per record component, in declaration order. */
    static ObjectNode recordToJson(Record r) {
        ObjectNode o = NODES.objectNode();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            o.set(c.getName(), toJson(component(r, c), c.getGenericType()));
        }
        return o;
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            if (!accessor.canAccess(r)) {
                accessor.setAccessible(true);
            }
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read component " + c.getName() + " of " + r.getClass().getName(), e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Builds a record of class {@code cls} from a JSON object: each component from the member of the
     * same name, or from {@code defaults} when the member is absent; members in {@code ignored} are
     * skipped, any other unknown member is an error. The record's canonical (compact) constructor
     * validates the values; its {@link IllegalArgumentException} becomes an "invalid value" error.
     */
    static Record readRecord(JsonNode node, Class<?> cls, Map<String, Object> defaults, Set<String> ignored, Where w)
            throws ModelFormatException {
        if (!node.isObject()) {
            throw w.error("expected a JSON object for " + describe(cls) + ", got " + jsonKind(node) + " " + shortText(node));
        }
        RecordComponent[] components = cls.getRecordComponents();
        List<String> names = new ArrayList<>();
        for (RecordComponent c : components) {
            names.add(c.getName());
        }
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!names.contains(key) && !ignored.contains(key)) {
                throw w.error("unknown field '" + key + "'; the fields of " + describe(cls) + " are: "
                        + (names.isEmpty() ? "(none)" : String.join(", ", names)) + ". Remove or rename it");
            }
        }
        List<String> missing = new ArrayList<>();
        for (RecordComponent c : components) {
            if (!node.has(c.getName()) && !defaults.containsKey(c.getName())) {
                missing.add("'" + c.getName() + "' (" + typeName(c.getGenericType()) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw w.error("missing required field" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + "; add " + (missing.size() > 1 ? "them" : "it") + " to the object");
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            JsonNode v = node.get(c.getName());
            args[i] = v != null ? fromJson(v, c.getGenericType(), w.field(c.getName())) : defaults.get(c.getName());
        }
        try {
            Constructor<?> ctor = cls.getDeclaredConstructor(types);
            if (!ctor.canAccess(null)) {
                ctor.setAccessible(true);
            }
            return (Record) ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
                throw w.error("invalid value: " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("constructing " + cls.getName() + " failed", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct record " + cls.getName(), e);
        }
    }

    /** Converts a JSON value to the Java type {@code type}. */
    static Object fromJson(JsonNode n, Type type, Where w) throws ModelFormatException {
        Class<?> c = rawClass(type);
        if (n.isNull()) {
            if (c.isPrimitive()) {
                throw wrongType(n, type, w);
            }
            return null;
        }
        if (c == boolean.class || c == Boolean.class) {
            if (!n.isBoolean()) {
                throw wrongType(n, type, w);
            }
            return n.booleanValue();
        } else if (c == int.class || c == Integer.class) {
            return (int) integral(n, type, Integer.MIN_VALUE, Integer.MAX_VALUE, w);
        } else if (c == long.class || c == Long.class) {
            return integral(n, type, Long.MIN_VALUE, Long.MAX_VALUE, w);
        } else if (c == short.class || c == Short.class) {
            return (short) integral(n, type, Short.MIN_VALUE, Short.MAX_VALUE, w);
        } else if (c == byte.class || c == Byte.class) {
            return (byte) integral(n, type, Byte.MIN_VALUE, Byte.MAX_VALUE, w);
        } else if (c == float.class || c == Float.class) {
            String text = decimalText(n, type, w);
            float f = Float.parseFloat(text);
            if (Float.isInfinite(f) && !text.contains("Infinity")) {
                throw w.error("invalid value: " + text + " is out of range for float (max " + Float.MAX_VALUE + ")");
            }
            return f;
        } else if (c == double.class || c == Double.class) {
            String text = decimalText(n, type, w);
            double d = Double.parseDouble(text);
            if (Double.isInfinite(d) && !text.contains("Infinity")) {
                throw w.error("invalid value: " + text + " is out of range for double");
            }
            return d;
        } else if (c == String.class) {
            if (!n.isTextual()) {
                throw wrongType(n, type, w);
            }
            return n.textValue();
        } else if (c.isEnum()) {
            if (!n.isTextual()) {
                throw wrongType(n, type, w);
            }
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(n.textValue())) {
                    return constant;
                }
            }
            throw w.error("invalid value " + n + "; expected one of " + enumNames(c) + " (case-insensitive)");
        } else if (c == Shape.class) {
            if (!n.isArray()) {
                throw wrongType(n, type, w);
            }
            int[] dims = (int[]) fromJson(n, int[].class, w);
            try {
                return new Shape(dims);
            } catch (IllegalArgumentException e) {
                throw w.error("invalid value: " + e.getMessage(), e);
            }
        } else if (c.isRecord()) {
            return readRecord(n, c, Map.of(), Set.of(), w);
        } else if (c.isArray()) {
            if (!n.isArray()) {
                throw wrongType(n, type, w);
            }
            Object a = Array.newInstance(c.getComponentType(), n.size());
            for (int i = 0; i < n.size(); i++) {
                Object v = fromJson(n.get(i), c.getComponentType(), w.index(i));
                Array.set(a, i, v);
            }
            return a;
        } else if (List.class.isAssignableFrom(c)) {
            if (!n.isArray()) {
                throw wrongType(n, type, w);
            }
            Type element = elementType(type, 0);
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                list.add(fromJson(n.get(i), element, w.index(i)));
            }
            return list;
        } else if (Map.class.isAssignableFrom(c)) {
            if (!n.isObject()) {
                throw wrongType(n, type, w);
            }
            Type element = elementType(type, 1);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                map.put(e.getKey(), fromJson(e.getValue(), element, w.field(e.getKey())));
            }
            return map;
        }
        throw new IllegalArgumentException("cannot read a " + typeName(type) + " from JSON: supported are "
                + "primitives, String, enums, Shape, records, arrays, lists and maps");
    }

    /**
     * Checks that every component of record class {@code cls} (recursively) has a supported type.
     *
     * @throws IllegalArgumentException naming the first unsupported component
     */
    static void checkSupported(Class<?> cls, String where) {
        for (RecordComponent c : cls.getRecordComponents()) {
            checkType(c.getGenericType(), where + "." + c.getName());
        }
    }

    private static void checkType(Type type, String where) {
        Class<?> c = rawClass(type);
        if (c.isPrimitive() && c != char.class && c != void.class) {
            return;
        }
        if (c == Boolean.class || c == Integer.class || c == Long.class || c == Short.class || c == Byte.class
                || c == Float.class || c == Double.class || c == String.class || c.isEnum() || c == Shape.class) {
            return;
        }
        if (c.isRecord()) {
            checkSupported(c, where);
        } else if (c.isArray()) {
            checkType(c.getComponentType(), where + "[]");
        } else if (c == List.class) {
            checkType(elementType(type, 0), where + "[]");
        } else if (c == Map.class) {
            if (elementType(type, 0) != String.class) {
                throw new IllegalArgumentException(where + " has type " + typeName(type) + "; map keys must be String");
            }
            checkType(elementType(type, 1), where + "{}");
        } else {
            throw new IllegalArgumentException(where + " has type " + typeName(type)
                    + ", which JSON files cannot hold; use primitives, String, enums, Shape, records, arrays or List");
        }
    }

    private static long integral(JsonNode n, Type type, long min, long max, RecordJson.Where w)
            throws ModelFormatException {
        if (!n.isNumber()) {
            throw wrongType(n, type, w);
        }
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else {
            BigDecimal d = n.decimalValue();
            try {
                v = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw w.error("expected an integer (" + typeName(type) + "), got " + n + "; remove the fraction");
            }
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw w.error("invalid value: " + v + " is out of range for " + typeName(type) + " [" + min + ", " + max + "]");
        }
        return v.longValue();
    }

    private static String decimalText(JsonNode n, Type type, Where w) throws ModelFormatException {
        if (n.isTextual()) {
            String s = n.textValue();
            if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
                return s;
            }
            throw wrongType(n, type, w);
        }
        if (!n.isNumber()) {
            throw wrongType(n, type, w);
        }
        return n.isBigDecimal() ? n.decimalValue().toString() : n.asText();
    }

    private static ModelFormatException wrongType(JsonNode n, Type type, Where w) {
        Class<?> c = rawClass(type);
        String expected;
        if (c == boolean.class || c == Boolean.class) {
            expected = "true or false";
        } else if (c == float.class || c == Float.class || c == double.class || c == Double.class) {
            expected = "a number";
        } else if (c.isPrimitive() || Number.class.isAssignableFrom(c)) {
            expected = "an integer";
        } else if (c == String.class) {
            expected = "a string";
        } else if (c.isEnum()) {
            expected = "a string, one of " + enumNames(c);
        } else if (c.isArray() || List.class.isAssignableFrom(c) || c == Shape.class) {
            expected = "an array";
        } else if (Map.class.isAssignableFrom(c)) {
            expected = "a JSON object";
        } else {
            expected = "a JSON object";
        }
        return w.error("wrong JSON type: expected " + expected + " (" + typeName(type) + "), got "
                + jsonKind(n) + " " + shortText(n));
    }

    private static String enumNames(Class<?> c) {
        StringBuilder sb = new StringBuilder();
        for (Object constant : c.getEnumConstants()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(((Enum<?>) constant).name());
        }
        return sb.toString();
    }

    static String jsonKind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String shortText(JsonNode n) {
        String s = n.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String describe(Class<?> cls) {
        return cls.getEnclosingClass() != null ? cls.getEnclosingClass().getSimpleName() + "." + cls.getSimpleName()
                : cls.getSimpleName();
    }

    static String typeName(Type type) {
        if (type instanceof Class<?> c) {
            return c.isArray() ? typeName(c.getComponentType()) + "[]" : c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return rawClass(p).getSimpleName() + "<" + String.join(", ",
                    Arrays.stream(p.getActualTypeArguments()).map(RecordJson::typeName).toList()) + ">";
        }
        return type.getTypeName();
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported generic type " + type.getTypeName());
    }

    /** Type argument {@code i} of a parameterised List or Map type. */
    private static Type elementType(Type containerType, int i) {
        if (containerType instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException("container type " + containerType.getTypeName()
                + " needs concrete type arguments, e.g. List<Integer> or Map<String, String>");
    }
}
