package org.snn4j.core.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * Creates kernel implementations; the only place that links the Vector API implementation.
 * {@link #vector(int)} and {@link #vectorLanes()} are only called when {@link Simd} found the
 * incubator module (or, for {@code vectorLanes}, inside a {@link LinkageError} guard), so
 * {@link VectorKernels} is never loaded when SIMD is off.
 */
final class KernelFactory {
    private KernelFactory() {
    }

    static Kernels scalar(int threads) {
        return new ScalarKernels(threads);
    }

    static Kernels vector(int threads) {
        return new VectorKernels(threads);
    }

    /** The vector implementation with an explicit micro-tile height (4 or 6), for tests. */
    static Kernels vector(int threads, int tileRows) {
        return new VectorKernels(threads, tileRows);
    }

    static int vectorLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
