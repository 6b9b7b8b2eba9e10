package org.snn4j.core.kernel;

/**
 * Decides once per JVM whether the Vector API kernels are used: they are when the module
 * {@code jdk.incubator.vector} is present (the launcher passes {@code --add-modules
 * jdk.incubator.vector}) and the system property {@code snn4j.simd} is not {@code off}.
 */
public final class Simd {
    private static final boolean ENABLED = detect();

    private Simd() {
    }

    /** True when SIMD kernels are in use. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Floats per preferred vector register, or 1 when SIMD is off. */
    public static int floatLanes() {
        return ENABLED ? KernelFactory.vectorLanes() : 1;
    }

    /** A short description for provenance and {@code snn4j info}, e.g. {@code "vector, 16 floats"}. */
    public static String describe() {
        if (ENABLED) {
            return "vector (jdk.incubator.vector), " + floatLanes() + " floats per register";
        }
        String prop = System.getProperty("snn4j.simd", "");
        return "scalar (" + ("off".equalsIgnoreCase(prop) ? "-Dsnn4j.simd=off"
                : "jdk.incubator.vector not available; run with --add-modules jdk.incubator.vector") + ")";
    }

    private static boolean detect() {
        if ("off".equalsIgnoreCase(System.getProperty("snn4j.simd", "on"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return KernelFactory.vectorLanes() >= 2;
        } catch (LinkageError e) {
            return false;
        }
    }
}
