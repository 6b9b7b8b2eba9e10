package org.snn4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text in and out. Parsing keeps decimal numbers exact (as {@link java.math.BigDecimal}) so
 * floats round-trip bit for bit, rejects duplicate keys and trailing content. Writing is a compact
 * pretty format: objects and arrays that fit on one line of {@value #WIDTH} characters are written
 * inline, larger ones one member per line, indented by two spaces.
 */
final class JsonText {
    static final int WIDTH = 100;

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonText() {
    }

    /**
     * Parses a JSON document.
     *
     * @param what   what the text is, for messages, e.g. {@code "net.json"} or {@code "model.snn4j: header"}
     * @throws ModelFormatException with line and column if the text is not valid JSON
     */
    static JsonNode parse(String text, String what) throws ModelFormatException {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ModelFormatException(what + ": empty document; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ModelFormatException(what + ": malformed JSON" + where + ": " + e.getOriginalMessage()
                    + ". Fix the JSON syntax there", e);
        }
    }

    /** The document as text, ending with a newline. */
    static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, 0, sb);
        return sb.append('\n').toString();
    }

    private static void write(JsonNode node, int indent, StringBuilder sb) {
        if (!node.isContainerNode() || node.isEmpty()) {
            sb.append(node.isContainerNode() ? (node.isArray() ? "[]" : "{}") : node.toString());
            return;
        }
        if (indent > 0) {
            String inline = inline(node);
            if (indent + inline.length() <= WIDTH) {
                sb.append(inline);
                return;
            }
        }
        String pad = "  ".repeat(indent + 1);
        sb.append(node.isArray() ? "[\n" : "{\n");
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                sb.append(pad);
                write(node.get(i), indent + 1, sb);
                sb.append(i + 1 < node.size() ? ",\n" : "\n");
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(pad).append(TextNode.valueOf(e.getKey())).append(": ");
                write(e.getValue(), indent + 1, sb);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
        }
        sb.append("  ".repeat(indent)).append(node.isArray() ? ']' : '}');
    }

    private static String inline(JsonNode node) {
        if (!node.isContainerNode()) {
            return node.toString();
        }
        StringBuilder sb = new StringBuilder(node.isArray() ? "[" : "{");
        boolean first = true;
        if (node.isArray()) {
            for (JsonNode n : node) {
                sb.append(first ? "" : ", ").append(inline(n));
                first = false;
            }
        } else {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sb.append(first ? "" : ", ").append(TextNode.valueOf(e.getKey())).append(": ").append(inline(e.getValue()));
                first = false;
            }
        }
        return sb.append(node.isArray() ? ']' : '}').toString();
    }
}
