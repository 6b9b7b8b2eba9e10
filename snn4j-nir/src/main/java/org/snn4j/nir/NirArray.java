package org.snn4j.nir;

import java.util.Arrays;
import java.util.Objects;

/**
 * One array parameter of a NIR node: its shape (empty for a scalar), its values in row-major
 * (C) order, and the element type it had in the file (or should get when written).
 *
 * <p>Values are held as {@code double} whatever the file's type: float32 and float64 arrays and
 * int64 arrays (shapes, strides, paddings) all convert exactly. The record is immutable: the
 * arrays are copied in and out.
 *
 * @param shape dimensions, each ≥ 0; empty for a scalar
 * @param data  the {@code Π shape} values, row-major
 * @param type  element type in the file
 */
public record NirArray(long[] shape, double[] data, ElementType type) {

    /** Element types NIR files use. */
    public enum ElementType { FLOAT32, FLOAT64, INT64 }

    public NirArray {
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
        data = data.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("array dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public double[] data() {
        return data.clone();
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Value {@code i} in row-major order. */
    public double get(int i) {
        return data[i];
    }

    /** The values as floats (rounded to the nearest float). */
    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** The values as ints; throws when one is not a whole number in int range. */
    public int[] toInts() {
        int[] v = new int[data.length];
        for (int i = 0; i < v.length; i++) {
            double d = data[i];
            if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("value " + d + " at index " + i + " is not a whole number");
            }
            v[i] = (int) d;
        }
        return v;
    }

    /** A float32 array of the given shape. */
    public static NirArray float32(float[] values, long... shape) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new NirArray(shape, d, ElementType.FLOAT32);
    }

    /** A float32 vector. */
    public static NirArray float32(float... values) {
        return float32(values, values.length);
    }

    /** A float32 scalar. */
    public static NirArray scalar(float value) {
        return new NirArray(new long[0], new double[] {value}, ElementType.FLOAT32);
    }

    /** An int64 vector (shapes, strides, paddings). */
    public static NirArray int64(long... values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new NirArray(new long[] {values.length}, d, ElementType.INT64);
    }

    /** An int64 scalar. */
    public static NirArray int64Scalar(long value) {
        return new NirArray(new long[0], new double[] {value}, ElementType.INT64);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NirArray a && a.type == type && Arrays.equals(a.shape, shape) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + type.hashCode();
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
    }
}
