package org.snn4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.Layer;
import org.snn4j.core.network.LayerRegistry;
import org.snn4j.core.network.Model;
import org.snn4j.core.network.Network;
import org.snn4j.core.network.NetworkSpec;
import org.snn4j.core.network.Provenance;

/**
 * Model files ({@code .snn4j}): a trained {@link Model} — architecture, metadata, provenance and
 * weights — in one checksummed binary file.
 *
 * <h2>Format, version 1</h2>
 * All integers and floats are little-endian.
 * <pre>
 * offset      size  content
 * 0           8     magic: the ASCII bytes "SNN4JMDL"
 * 8           4     int32 format version (1)
 * 12          4     int32 H: header length in bytes
 * 16          8     int64 L: total file length in bytes, trailer included
 * 24          H     header: UTF-8 JSON, padded with spaces so that 24 + H is a multiple of 8
 * 24+H        4·N   all parameter values, then all buffer values, as float32, in table order
 * L−4         4     uint32 CRC32C (Castagnoli) of bytes [0, L−4)
 * </pre>
 * so {@code L = 24 + H + 4·N + 4}, {@code N} counting parameter and buffer values. The header object has the members
 * {@code format} ({@code "snn4j-model"}), {@code formatVersion} (1), {@code architecture} (exactly as
 * in an architecture file, see {@link ArchitectureJson}, with inferred sizes filled in),
 * {@code encoder}, {@code steps}, {@code loss}, {@code dataset}, {@code classNames},
 * {@code provenance} ({@code snn4jVersion}, {@code jdk}, {@code simd}, {@code threads}, {@code seed},
 * {@code config} (string → string), {@code createdAt}), {@code dataType} ({@code "float32-le"}) and
 * {@code parameters}: one entry {@code {layer, name, shape, offset, count}} per parameter in the
 * order of {@link Network#parameters()}, with {@code offset} counted in floats from the start of the
 * data section. When the network has {@linkplain Network#buffers() buffers} (non-trainable state such
 * as batch norm running statistics), the member {@code buffers} lists them the same way, in the order
 * of {@link Network#buffers()}, their offsets continuing after the last parameter; without buffers
 * the member is absent (files without it read as having none), so such files are laid out exactly as
 * before buffers existed. Readers ignore header members they do not know; an incompatible change
 * increments the format version.
 *
 * <h2>Writing and reading</h2>
 * {@link #save} writes atomically: a temporary file in the target directory, forced to disk, then
 * renamed over the target, so a crash leaves the old file or the new one, never a mix. {@link #load}
 * checks, in order: the magic, the version (a newer one is refused with advice to upgrade), the
 * length (truncation is found before anything is parsed), the checksum, the header, and that the
 * parameter and buffer tables match the architecture; it then builds the network from the architecture,
 * copies the stored parameter and buffer values in, so a loaded network computes bit-identical outputs, and
 * lets every layer check them ({@link Layer#checkValues()}, e.g. whole-number delays). Every failure is
 * a {@link ModelFormatException} that says what was found and what to do.
 */
public final class ModelFile {

    /** The first 8 bytes of every model file. */
    public static final String MAGIC = "SNN4JMDL";
    /** The format version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Bytes before the header: magic, version, header length, file length. */
    static final int PREAMBLE = 24;
    /** Bytes of the trailing checksum. */
    static final int TRAILER = 4;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 16;

    private ModelFile() {
    }

    /** Saves with the {@link LayerRegistry#builtIn() built-in} layer types; see {@link #save(Model, Path, LayerRegistry)}. */
    public static void save(Model model, Path path) throws IOException {
        save(model, path, LayerRegistry.builtIn());
    }

    /**
     * Writes {@code model} to {@code path} atomically, replacing any existing file. Nothing is
     * mutated; the parameter values are read while writing, so do not train concurrently.
     *
     * @throws IllegalArgumentException if a layer type is not in {@code registry}
     * @throws IOException              if the directory does not exist, {@code path} is a directory,
     *                                  or writing fails (the old file, if any, is then unchanged)
     */
    public static void save(Model model, Path path, LayerRegistry registry) throws IOException {
        Network net = model.network();
        byte[] header = header(model, registry);
        long floats = net.parameterCount() + net.bufferCount();
        long length = PREAMBLE + header.length + 4 * floats + TRAILER;
        AtomicFiles.write(path, ch -> {
            CRC32C crc = new CRC32C();
            ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC_BYTES).putInt(FORMAT_VERSION).putInt(header.length).putLong(length).flip();
            crc.update(pre.array(), 0, PREAMBLE);
            AtomicFiles.writeFully(ch, pre);
            crc.update(header);
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Parameter p : stored(net)) {
                float[] v = p.value();
                int i = 0;
                while (i < v.length) {
                    int n = Math.min(v.length - i, buf.remaining() / 4);
                    buf.asFloatBuffer().put(v, i, n);
                    buf.position(buf.position() + 4 * n);
                    i += n;
                    if (!buf.hasRemaining()) {
                        flush(ch, buf, crc);
                    }
                }
            }
            flush(ch, buf, crc);
            buf.putInt((int) crc.getValue()).flip();
            AtomicFiles.writeFully(ch, buf);
        });
    }

    private static void flush(FileChannel ch, ByteBuffer buf, CRC32C crc) throws IOException {
        buf.flip();
        crc.update(buf.array(), 0, buf.limit());
        AtomicFiles.writeFully(ch, buf);
        buf.clear();
    }

    /** The padded UTF-8 header JSON. */
    static byte[] header(Model model, LayerRegistry registry) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Network net = model.network();
        ObjectNode h = f.objectNode();
        h.put("format", "snn4j-model");
        h.put("formatVersion", FORMAT_VERSION);
        h.set("architecture", ArchitectureJson.toTree(net.spec(), registry));
        h.put("encoder", model.encoder());
        h.put("steps", model.steps());
        h.put("loss", model.loss());
        h.put("dataset", model.dataset());
        ArrayNode names = h.putArray("classNames");
        model.classNames().forEach(names::add);
        h.set("provenance", RecordJson.recordToJson(model.provenance()));
        h.put("dataType", "float32-le");
        long offset = 0;
        for (boolean buffers : new boolean[] {false, true}) {
            if (buffers && net.buffers().isEmpty()) {
                break;
            }
            ArrayNode table = h.putArray(buffers ? "buffers" : "parameters");
            for (int li = 0; li < net.layers().size(); li++) {
                Layer layer = net.layers().get(li);
                for (Parameter p : buffers ? layer.buffers() : layer.parameters()) {
                    ObjectNode e = table.addObject();
                    e.put("layer", li);
                    e.put("name", p.name());
                    e.set("shape", RecordJson.toJson(p.shape(), Shape.class));
                    e.put("offset", offset);
                    e.put("count", p.size());
                    offset += p.size();
                }
            }
        }
        byte[] json = JsonText.write(h).getBytes(StandardCharsets.UTF_8);
        int padded = (int) (((PREAMBLE + (long) json.length + 7) & ~7L) - PREAMBLE);
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Loads with the {@link LayerRegistry#builtIn() built-in} layer types; see {@link #load(Path, LayerRegistry)}. */
    public static Model load(Path path) throws IOException {
        return load(path, LayerRegistry.builtIn());
    }

    /**
     * Reads a model file and rebuilds its network with the stored weights.
     *
     * @throws ModelFormatException if the file is not a snn4j model, is from a newer snn4j, is
     *                              truncated or corrupt, or its header is invalid or inconsistent
     * @throws IOException          if the file cannot be read
     */
    public static Model load(Path path, LayerRegistry registry) throws IOException {
        String src = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(size, PREAMBLE)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0);
            checkMagic(src, pre, size);
            if (size < 12) {
                throw truncated(src, size, "the 24-byte preamble");
            }
            int version = pre.getInt(8);
            if (version > FORMAT_VERSION) {
                throw new ModelFormatException(src + ": written by a newer snn4j (format v" + version
                        + "); this snn4j reads format <= " + FORMAT_VERSION + "; upgrade snn4j to load it");
            }
            if (version < 1) {
                throw new ModelFormatException(src + ": byte 8: invalid format version " + version
                        + " (versions start at 1); the file is corrupt");
            }
            if (size < PREAMBLE) {
                throw truncated(src, size, "the 24-byte preamble");
            }
            int headerLength = pre.getInt(12);
            long length = pre.getLong(16);
            if (length < size) {
                throw new ModelFormatException(src + ": the file has " + size + " bytes but its preamble says "
                        + length + ": extra bytes at the end or a damaged preamble; the file is corrupt");
            }
            if (length > size) {
                throw new ModelFormatException(src + ": truncated: expected " + length + " bytes, the file has "
                        + size + " (" + (length - size) + " missing); it was cut short while copying or writing. "
                        + "Copy or save it again");
            }
            if (headerLength < 2 || (long) PREAMBLE + headerLength + TRAILER > length
                    || (length - PREAMBLE - headerLength - TRAILER) % 4 != 0) {
                throw new ModelFormatException(src + ": byte 12: header length " + headerLength
                        + " does not fit a file of " + length + " bytes; the file is corrupt");
            }
            checkCrc(src, ch, length);
            ByteBuffer hb = ByteBuffer.allocate(headerLength);
            readFully(ch, hb, PREAMBLE);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb).toString();
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(src + ": header (bytes 24.." + (PREAMBLE + headerLength)
                        + ") is not UTF-8 text; the file was not written by snn4j", e);
            }
            JsonNode header = JsonText.parse(text, src + ": header");
            Model model = fromHeader(header, src, registry, (length - PREAMBLE - headerLength - TRAILER) / 4,
                    ch, PREAMBLE + headerLength);
            return model;
        }
    }

    private static void checkMagic(String src, ByteBuffer pre, long size) throws ModelFormatException {
        int n = (int) Math.min(size, MAGIC_BYTES.length);
        boolean prefix = true;
        for (int i = 0; i < n; i++) {
            prefix &= pre.get(i) == MAGIC_BYTES[i];
        }
        if (prefix && n < MAGIC_BYTES.length) {
            throw truncated(src, size, "the 8-byte magic \"" + MAGIC + "\"");
        }
        if (!prefix) {
            byte[] found = new byte[n];
            pre.get(0, found);
            String hint = n > 0 && (found[0] == '{' || found[0] == '[')
                    ? " It looks like JSON: architecture files are read with ArchitectureJson, not as models."
                    : "";
            throw new ModelFormatException(src + ": not a snn4j model file: expected the magic bytes \"" + MAGIC
                    + "\" at offset 0, found " + describeBytes(found) + "." + hint);
        }
    }

    private static String describeBytes(byte[] b) {
        if (b.length == 0) {
            return "an empty file";
        }
        boolean printable = true;
        for (byte x : b) {
            printable &= x >= 0x20 && x < 0x7f;
        }
        String hex = HexFormat.ofDelimiter(" ").formatHex(b);
        return printable ? "\"" + new String(b, StandardCharsets.US_ASCII) + "\" (" + hex + ")" : "bytes " + hex;
    }

    private static ModelFormatException truncated(String src, long size, String what) {
        return new ModelFormatException(src + ": truncated: the file has " + size + " bytes, too few for "
                + what + "; it was cut short while copying or writing. Copy or save it again");
    }

    private static void checkCrc(String src, FileChannel ch, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        long end = length - TRAILER;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            readFully(ch, buf, pos);
            crc.update(buf.array(), 0, buf.limit());
            pos += buf.limit();
        }
        ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, t, end);
        int stored = t.getInt(0);
        int computed = (int) crc.getValue();
        if (stored != computed) {
            throw new ModelFormatException(String.format("%s: corrupt: checksum mismatch (CRC32C stored at byte %d "
                    + "is %08x, the content gives %08x); the file was damaged after it was written. "
                    + "Restore it from a copy or save the model again", src, end, stored, computed));
        }
    }

    private static Model fromHeader(JsonNode h, String src, LayerRegistry registry, long storedFloats,
                                    FileChannel ch, long dataStart) throws IOException {
        RecordJson.Where w = new RecordJson.Where(src, "header", null);
        if (!h.isObject()) {
            throw w.error("expected a JSON object, got " + RecordJson.jsonKind(h) + " " + RecordJson.shortText(h)
                    + "; the file is corrupt");
        }
        String format = (String) field(h, "format", String.class, w);
        if (!format.equals("snn4j-model")) {
            throw w.field("format").error("expected \"snn4j-model\", got \"" + format + "\"");
        }
        int headerVersion = (Integer) field(h, "formatVersion", Integer.class, w);
        if (headerVersion != FORMAT_VERSION) {
            throw w.field("formatVersion").error("says " + headerVersion + " but the preamble says " + FORMAT_VERSION
                    + "; the file is corrupt");
        }
        String dataType = (String) field(h, "dataType", String.class, w);
        if (!dataType.equals("float32-le")) {
            throw w.field("dataType").error("unsupported data type \"" + dataType + "\"; this snn4j reads float32-le");
        }
        NetworkSpec spec = ArchitectureJson.fromTree(required(h, "architecture", w), w.field("architecture"), registry);
        String encoder = (String) field(h, "encoder", String.class, w);
        int steps = (Integer) field(h, "steps", Integer.class, w);
        String loss = (String) field(h, "loss", String.class, w);
        String dataset = (String) field(h, "dataset", String.class, w);
        @SuppressWarnings("unchecked")
        List<String> classNames = (List<String>) field(h, "classNames", listOf(String.class), w);
        Provenance provenance = (Provenance) RecordJson.readRecord(required(h, "provenance", w), Provenance.class,
                Map.of(), Set.of(), w.field("provenance"));

        Network net;
        try {
            net = spec.build(provenance.seed());
        } catch (IllegalArgumentException e) {
            throw w.field("architecture").error("does not build: " + e.getMessage(), e);
        }
        List<Parameter> params = new ArrayList<>(checkTable(required(h, "parameters", w), net, false,
                w.field("parameters")));
        JsonNode bufferTable = h.get("buffers");
        if (bufferTable == null && !net.buffers().isEmpty()) {
            throw w.error("has no 'buffers' table but the architecture has " + net.buffers().size()
                    + " buffers (e.g. batch norm running statistics); the file is inconsistent");
        }
        if (bufferTable != null) {
            params.addAll(checkTable(bufferTable, net, true, w.field("buffers")));
        }
        long needed = net.parameterCount() + net.bufferCount();
        if (needed != storedFloats) {
            throw new ModelFormatException(src + ": data section holds " + storedFloats + " floats but the parameter "
                    + (bufferTable != null ? "and buffer tables" : "table") + " and architecture need " + needed
                    + "; the file is corrupt");
        }
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart;
        for (Parameter p : params) {
            float[] v = p.value();
            int i = 0;
            while (i < v.length) {
                int n = Math.min(v.length - i, CHUNK / 4);
                buf.clear().limit(4 * n);
                readFully(ch, buf, pos);
                buf.asFloatBuffer().get(v, i, n);
                pos += 4L * n;
                i += n;
            }
            p.markModified();
        }
        for (int li = 0; li < net.layers().size(); li++) {
            Layer layer = net.layers().get(li);
            try {
                layer.checkValues();
            } catch (IllegalArgumentException e) {
                throw w.error("layer " + li + " (" + layer.spec().type() + ") cannot use the stored values: "
                        + e.getMessage() + "; the file is corrupt or was edited", e);
            }
        }
        try {
            return new Model(net, encoder, steps, loss, dataset, classNames, provenance);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw w.error("invalid value: " + e.getMessage(), e);
        }
    }

    /** Parameters, then buffers: the tensors of the data section in order. */
    private static List<Parameter> stored(Network net) {
        List<Parameter> all = new ArrayList<>(net.parameters());
        all.addAll(net.buffers());
        return all;
    }

    /**
     * Checks the parameter table (or, with {@code buffers}, the buffer table) against the built
     * network and returns its tensors in table order.
     */
    private static List<Parameter> checkTable(JsonNode table, Network net, boolean buffers, RecordJson.Where w)
            throws ModelFormatException {
        if (!table.isArray()) {
            throw w.error("wrong JSON type: expected an array, got " + RecordJson.jsonKind(table));
        }
        String kind = buffers ? "buffers" : "parameters";
        List<Parameter> params = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long offset = buffers ? net.parameterCount() : 0;
        for (int li = 0; li < net.layers().size(); li++) {
            Layer layer = net.layers().get(li);
            for (Parameter p : buffers ? layer.buffers() : layer.parameters()) {
                params.add(p);
                expected.add(entry(li, p.name(), p.shape(), offset, p.size()));
                offset += p.size();
            }
        }
        for (int i = 0; i < Math.max(table.size(), params.size()); i++) {
            RecordJson.Where ew = w.index(i);
            if (i >= table.size()) {
                throw ew.error("missing: the architecture has " + params.size() + " " + kind + " but the table lists "
                        + table.size() + "; the first missing is " + expected.get(i) + ". The file is inconsistent");
            }
            JsonNode e = table.get(i);
            if (!e.isObject()) {
                throw ew.error("wrong JSON type: expected an object {layer, name, shape, offset, count}, got "
                        + RecordJson.jsonKind(e));
            }
            String found = entry((Integer) field(e, "layer", Integer.class, ew), (String) field(e, "name", String.class, ew),
                    (Shape) field(e, "shape", Shape.class, ew), (Long) field(e, "offset", Long.class, ew),
                    (Long) field(e, "count", Long.class, ew));
            if (i >= params.size()) {
                throw ew.error("the table lists " + table.size() + " " + kind + " but the architecture has "
                        + params.size() + "; extra entry " + found + ". The file is inconsistent");
            }
            if (!found.equals(expected.get(i))) {
                throw ew.error((buffers ? "buffer" : "parameter") + " table does not match the architecture: the table has " + found
                        + ", the architecture needs " + expected.get(i) + ". The file is inconsistent");
            }
        }
        return params;
    }

    private static String entry(int layer, String name, Shape shape, long offset, long count) {
        return "layer " + layer + " '" + name + "' " + shape + " (" + count + " values at offset " + offset + ")";
    }

    private static JsonNode required(JsonNode obj, String name, RecordJson.Where w) throws ModelFormatException {
        JsonNode n = obj.get(name);
        if (n == null) {
            throw w.error("missing required field '" + name + "'; the file is corrupt or not from snn4j");
        }
        return n;
    }

    private static Object field(JsonNode obj, String name, Type type, RecordJson.Where w) throws ModelFormatException {
        Object v = RecordJson.fromJson(required(obj, name, w), type, w.field(name));
        if (v == null) {
            throw w.field(name).error("must not be null");
        }
        return v;
    }

    private static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new ModelFormatException("unexpected end of file at byte " + pos + "; the file changed while being read");
            }
            pos += n;
        }
        buf.flip();
    }
}
