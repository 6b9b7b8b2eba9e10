package org.snn4j.core.kernel;

/** Creates kernel implementations; the only place that links the Vector API implementation. */
final class KernelFactory {
    private KernelFactory() {
    }

    static Kernels scalar(int threads) {
        return new ScalarKernels(threads);
    }

    static Kernels vector(int threads) {
        // Provisional until the Vector API implementation lands.
        return new ScalarKernels(threads);
    }

    static int vectorLanes() {
        return 16;
    }
}
