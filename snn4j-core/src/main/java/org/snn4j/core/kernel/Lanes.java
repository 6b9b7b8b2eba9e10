package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;

/** Lane helpers of the Vector API kernels. */
final class Lanes {
    private Lanes() {
    }

    /**
     * The sum of the lanes of {@code v} in lane order, {@code ((v₀ + v₁) + v₂) + …}. Unlike
     * {@code reduceLanes(ADD)}, whose order of additions is unspecified and differs between the
     * JIT's intrinsic and the interpreted code (so a result could change with the moment a method
     * is compiled), this order is fixed: the same inputs always give the same float.
     */
    static float sumInOrder(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
