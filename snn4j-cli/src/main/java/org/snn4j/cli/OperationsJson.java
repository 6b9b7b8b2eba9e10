package org.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snn4j.core.metrics.OperationCounts;
import org.snn4j.core.metrics.SynapticOperations;

/** Synaptic-operation counts as report JSON objects (keys {@code dense}, {@code effective_macs}, {@code effective_acs}). */
final class OperationsJson {
    private OperationsJson() {
    }

    /** {@code {"dense": …, "effective_macs": …, "effective_acs": …}}, per sample, rounded to 0.1 operation. */
    static Map<String, Object> counts(OperationCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dense", JsonLine.round(c.dense(), 1));
        m.put("effective_macs", JsonLine.round(c.effectiveMacs(), 1));
        m.put("effective_acs", JsonLine.round(c.effectiveAcs(), 1));
        return m;
    }

    /** One object per connection layer: its index and type, then {@link #counts}. */
    static List<Map<String, Object>> layers(List<SynapticOperations.LayerOperations> layers) {
        return layers.stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l.layerIndex());
            m.put("type", l.type());
            m.putAll(counts(l.counts()));
            return m;
        }).toList();
    }

    /** 1234567 → "1.23M". */
    static String compact(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
