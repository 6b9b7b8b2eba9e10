package org.snn4j.core.sim;

/**
 * Which presynaptic element connects to which postsynaptic neuron, in compressed row form:
 * presynaptic row {@code i} has the synapses {@code p ∈ [rowPtr[i], rowPtr[i+1])} onto
 * {@code columns[p]}, in increasing column order, without duplicates. {@code weights} holds a
 * weight per synapse when the connector defines them ({@link Connector#fromMatrix}, {@link
 * Connector#fromList(int[], int[], float[])}), else {@code null}.
 *
 * @param preSize  number of presynaptic elements
 * @param postSize number of postsynaptic neurons
 * @param rowPtr   {@code preSize + 1} offsets
 * @param columns  postsynaptic index of each synapse
 * @param weights  weight of each synapse, or {@code null}
 */
public record Connectivity(int preSize, int postSize, int[] rowPtr, int[] columns, float[] weights) {

    /** Checks the structure (sizes, offsets, column range and order). */
    public Connectivity {
        if (rowPtr.length != preSize + 1 || rowPtr[0] != 0 || rowPtr[preSize] != columns.length) {
            throw new IllegalArgumentException("row offsets do not match " + preSize + " rows and "
                    + columns.length + " synapses");
        }
        if (weights != null && weights.length != columns.length) {
            throw new IllegalArgumentException(columns.length + " synapses but " + weights.length + " weights");
        }
        for (int i = 0; i < preSize; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int c = columns[p];
                if (c < 0 || c >= postSize) {
                    throw new IllegalArgumentException("synapse " + i + " -> " + c + " is outside the " + postSize
                            + " postsynaptic neurons");
                }
                if (p > rowPtr[i] && c <= columns[p - 1]) {
                    throw new IllegalArgumentException("row " + i + " has unsorted or duplicate column " + c);
                }
            }
        }
    }

    /** The number of synapses. */
    public int synapseCount() {
        return columns.length;
    }

    /** True when every presynaptic element connects to every postsynaptic neuron (dense rows). */
    public boolean isDense() {
        return (long) preSize * postSize == columns.length;
    }
}
