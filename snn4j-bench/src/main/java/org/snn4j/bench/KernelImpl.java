package org.snn4j.bench;

import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.NeuronKernels;
import org.snn4j.core.kernel.SimKernels;
import org.snn4j.core.kernel.Simd;

/**
 * Which twin of a kernel a benchmark runs: the Vector API implementation or the scalar one. Used as
 * a JMH {@code @Param}. Asking for {@link #VECTOR} when SIMD is off (the JVM lacks
 * {@code --add-modules jdk.incubator.vector}, or {@code -Dsnn4j.simd=off}) throws instead of
 * silently measuring the scalar code under the vector label.
 */
public enum KernelImpl {
    /** The Vector API kernels ({@code Kernels.create}, {@code NeuronKernels.create}). */
    VECTOR,
    /** The scalar twins ({@code Kernels.scalar}, {@code NeuronKernels.scalar}). */
    SCALAR;

    /**
     * The dense kernels of this implementation with {@code threads} worker threads; the caller
     * closes them.
     *
     * @throws IllegalStateException for {@link #VECTOR} when SIMD is not enabled in this JVM
     */
    public Kernels kernels(int threads) {
        requireSimdIfVector();
        return this == VECTOR ? Kernels.create(threads) : Kernels.scalar(threads);
    }

    /**
     * The neuron kernels of this implementation.
     *
     * @throws IllegalStateException for {@link #VECTOR} when SIMD is not enabled in this JVM
     */
    public NeuronKernels neuronKernels() {
        requireSimdIfVector();
        return this == VECTOR ? NeuronKernels.create() : NeuronKernels.scalar();
    }

    /**
     * The simulation kernels of this implementation.
     *
     * @throws IllegalStateException for {@link #VECTOR} when SIMD is not enabled in this JVM
     */
    public SimKernels simKernels() {
        requireSimdIfVector();
        return this == VECTOR ? SimKernels.create() : SimKernels.scalar();
    }

    private void requireSimdIfVector() {
        if (this == VECTOR && !Simd.enabled()) {
            throw new IllegalStateException("impl=VECTOR needs SIMD, but this JVM has " + Simd.describe());
        }
    }
}
