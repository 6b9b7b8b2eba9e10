package org.snn4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;

/** Writes the one-line JSON summary that ends every command's output. */
final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private JsonLine() {
    }

    static String format(Map<String, ?> figures) {
        try {
            return MAPPER.writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot format JSON summary", e);
        }
    }

    static void print(PrintWriter out, Map<String, ?> figures) {
        out.println(format(figures));
        out.flush();
    }

    /** {@code v} rounded to {@code digits} decimals for the summary line (non-finite values unchanged). */
    static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
