package org.snn4j.core.layer;

import java.util.Arrays;
import org.snn4j.core.kernel.Kernels;

/**
 * The index geometry of a 2-D convolution over one {@code [C, H, W]} image, and its
 * {@code im2col} / {@code col2im} transforms. Each direction has its own kernel extent, stride,
 * zero padding and dilation (PyTorch's {@code Conv2d} with pairs): kernel {@code kh × kw}, stride
 * {@code (sh, sw)}, padding {@code (ph, pw)} on top/bottom and left/right, dilation {@code (dh, dw)}.
 *
 * <p>Output size (PyTorch's formula): {@code Ho = floor((H + 2·ph − dh·(kh−1) − 1) / sh) + 1},
 * {@code Wo = floor((W + 2·pw − dw·(kw−1) − 1) / sw) + 1}. Column row {@code r = (c·kh + p)·kw + q}
 * (channel {@code c}, kernel row {@code p < kh}, kernel column {@code q < kw}) and column
 * {@code i·Wo + j} (output pixel) hold {@code x[c, i·sh + p·dh − ph, j·sw + q·dw − pw]}, or 0 where
 * that index lies in the padding. For each kernel row {@code p} the valid output rows form one range
 * {@code [iLo[p], iHi[p])}, and for each kernel column {@code q} the valid output columns one range
 * {@code [jLo[q], jHi[q])}; both are precomputed so the inner loops are plain copies (column stride 1:
 * {@code System.arraycopy}) and fills. Instances are immutable.
 */
final class ConvGeometry {
    final int height;
    final int width;
    /** Kernel rows {@code kh} and columns {@code kw}. */
    final int kh;
    final int kw;
    /** Strides {@code sh} between output rows and {@code sw} between output columns. */
    final int sh;
    final int sw;
    /** Zero padding {@code ph} above and below, {@code pw} left and right. */
    final int ph;
    final int pw;
    /** Dilations {@code dh} between kernel rows and {@code dw} between kernel columns. */
    final int dh;
    final int dw;
    final int outHeight;
    final int outWidth;
    /** {@code H·W}: values per input channel. */
    final int plane;
    /** {@code Ho·Wo}: output pixels per image. */
    final int pixels;
    private final int[] iLo;
    private final int[] iHi;
    private final int[] jLo;
    private final int[] jHi;
    /**
     * Both strides 1 and {@code Wo = W} ("same" padding across, {@code 2·pw = dw·(kw−1)}): consecutive
     * output rows read consecutive input rows, so a column row is one shifted run of the input plane.
     */
    private final boolean rowsAlign;
    /** Padded plane {@code (H + 2·ph) × (W + 2·pw)}, used by the padded-plane (stride 1) direct path. */
    final int paddedHeight;
    final int paddedWidth;
    /**
     * Both strides 1 only: length {@code (Ho − 1)·Wp + Wo} of the output run in padded-width layout
     * (output pixel {@code (i, j)} at {@code i·Wp + j}), whose tap {@code (p, q)} reads the padded
     * plane at {@code t + p·dh·Wp + q·dw} for every {@code t} of the run.
     */
    final int paddedRun;
    private final int[] tapOffset;

    /** A square geometry: kernel {@code k × k}, the same stride, padding and dilation in both directions. */
    ConvGeometry(int height, int width, int kernel, int stride, int padding, int dilation) {
        this(height, width, kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    /**
     * @throws IllegalArgumentException if the output would be empty (dilated kernel larger than the
     *                                  padded input in either direction)
     */
    ConvGeometry(int height, int width, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        this.height = height;
        this.width = width;
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.dh = dh;
        this.dw = dw;
        this.outHeight = outSize(height, kh, sh, ph, dh);
        this.outWidth = outSize(width, kw, sw, pw, dw);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("output size must be >= 1, got " + outHeight + "×" + outWidth);
        }
        this.plane = height * width;
        this.pixels = outHeight * outWidth;
        this.rowsAlign = sh == 1 && sw == 1 && outWidth == width;
        this.paddedHeight = height + 2 * ph;
        this.paddedWidth = width + 2 * pw;
        this.paddedRun = (outHeight - 1) * paddedWidth + outWidth;
        this.tapOffset = new int[kh * kw];
        for (int p = 0; p < kh; p++) {
            for (int q = 0; q < kw; q++) {
                tapOffset[p * kw + q] = p * dh * paddedWidth + q * dw;
            }
        }
        iLo = new int[kh];
        iHi = new int[kh];
        validRanges(kh, sh, ph, dh, height, outHeight, iLo, iHi);
        jLo = new int[kw];
        jHi = new int[kw];
        validRanges(kw, sw, pw, dw, width, outWidth, jLo, jHi);
    }

    /**
     * For each of the {@code k} taps of one direction, the output indices {@code [lo[t], hi[t])} whose
     * input index {@code o·stride + t·dil − pad} lies in {@code [0, in)} (an empty range where none does).
     */
    private static void validRanges(int k, int stride, int pad, int dil, int in, int out, int[] lo, int[] hi) {
        for (int t = 0; t < k; t++) {
            int offset = t * dil - pad;
            lo[t] = firstValid(offset, stride, out);
            hi[t] = Math.max(lo[t], endValid(offset, stride, in, out));
        }
    }

    /** Whether both strides are 1 (the padded-plane direct path applies). */
    boolean unitStride() {
        return sh == 1 && sw == 1;
    }

    /**
     * {@code floor((in + 2·pad − dil·(k−1) − 1) / stride) + 1}, in long arithmetic; may be ≤ 0 when
     * the dilated kernel is larger than the padded input.
     */
    static long outSizeLong(int in, int kernel, int stride, int padding, int dilation) {
        long span = (long) in + 2L * padding - (long) dilation * (kernel - 1) - 1;
        return Math.floorDiv(span, stride) + 1;
    }

    private static int outSize(int in, int kernel, int stride, int padding, int dilation) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, outSizeLong(in, kernel, stride, padding, dilation)));
    }

    /** Smallest output index {@code o ≥ 0} with {@code o·stride + offset ≥ 0}, capped at {@code outSize}. */
    private static int firstValid(int offset, int stride, int outSize) {
        int o = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        return Math.min(o, outSize);
    }

    /** One past the largest output index {@code o < outSize} with {@code o·stride + offset ≤ in − 1}. */
    private static int endValid(int offset, int stride, int in, int outSize) {
        int last = in - 1 - offset;
        if (last < 0) {
            return 0;
        }
        return Math.min(outSize, last / stride + 1);
    }

    /**
     * Writes the columns of {@code channels} consecutive input channels of one image: for every
     * column row {@code r < channels·kh·kw} and output pixel {@code pix},
     * {@code cols[colOff + r·ld + pix] = x[xOff + c·H·W + ih·W + iw]} or 0 in the padding
     * (see the class comment). Mutates only those {@code channels·kh·kw} runs of {@code Ho·Wo}
     * values of {@code cols}.
     *
     * @param xOff offset of the first channel's plane in {@code x}
     * @param ld   row stride of {@code cols}, ≥ {@code Ho·Wo}
     */
    void im2col(float[] x, int xOff, int channels, float[] cols, int colOff, int ld) {
        int wo = outWidth;
        int s = sw;
        int sr = sh;
        int r = 0;
        for (int c = 0; c < channels; c++) {
            int xc = xOff + c * plane;
            for (int p = 0; p < kh; p++) {
                int i0 = iLo[p];
                int i1 = iHi[p];
                int rowOffset = p * dh - ph;
                for (int q = 0; q < kw; q++, r++) {
                    int dst = colOff + r * ld;
                    int j0 = jLo[q];
                    int j1 = jHi[q];
                    int colOffset = q * dw - pw;
                    Arrays.fill(cols, dst, dst + i0 * wo, 0f);
                    if (rowsAlign && i1 > i0 && j1 > j0) {
                        // dst and src advance by the same stride: one copy from the first to the last
                        // valid value, then zero the padding columns it filled with neighbouring values
                        int from = i0 * wo + j0;
                        int to = (i1 - 1) * wo + j1;
                        System.arraycopy(x, xc + rowOffset * width + colOffset + from, cols, dst + from, to - from);
                        if (j0 > 0 || j1 < wo) {
                            for (int i = i0; i < i1; i++) {
                                int d = dst + i * wo;
                                for (int j = 0; j < j0; j++) {
                                    cols[d + j] = 0f;
                                }
                                for (int j = j1; j < wo; j++) {
                                    cols[d + j] = 0f;
                                }
                            }
                        }
                    } else {
                        for (int i = i0; i < i1; i++) {
                            int d = dst + i * wo;
                            int src = xc + (i * sr + rowOffset) * width + j0 * s + colOffset;
                            if (j0 > 0) {
                                Arrays.fill(cols, d, d + j0, 0f);
                            }
                            if (s == 1) {
                                System.arraycopy(x, src, cols, d + j0, j1 - j0);
                            } else {
                                for (int j = j0; j < j1; j++, src += s) {
                                    cols[d + j] = x[src];
                                }
                            }
                            if (j1 < wo) {
                                Arrays.fill(cols, d + j1, d + wo, 0f);
                            }
                        }
                    }
                    Arrays.fill(cols, dst + i1 * wo, dst + pixels, 0f);
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: for every column row {@code r < channels·kh·kw} and output
     * pixel whose input index is not padding, {@code dx[xOff + c·H·W + ih·W + iw] += cols[colOff +
     * r·ld + pix]}, in increasing {@code r}, then {@code i}, then {@code j}. Mutates {@code dx}'s
     * planes of those channels and, where {@code Wo = W} and both strides are 1, sets the padding
     * entries of {@code cols} (those that map to no input value) to 0 so that each column row is
     * added as one run ({@link Kernels#axpy} with α = 1, an exact add).
     */
    void col2im(Kernels kernels, float[] cols, int colOff, int ld, int channels, float[] dx, int xOff) {
        int wo = outWidth;
        int s = sw;
        int sr = sh;
        int r = 0;
        for (int c = 0; c < channels; c++) {
            int xc = xOff + c * plane;
            for (int p = 0; p < kh; p++) {
                int i0 = iLo[p];
                int i1 = iHi[p];
                int rowOffset = p * dh - ph;
                for (int q = 0; q < kw; q++, r++) {
                    int src0 = colOff + r * ld;
                    int j0 = jLo[q];
                    int j1 = jHi[q];
                    int colOffset = q * dw - pw;
                    if (rowsAlign && i1 > i0 && j1 > j0) {
                        // zero the padding columns of the (scratch) columns, then one long add: the
                        // zeroed entries land on in-range values of neighbouring rows and add nothing
                        for (int i = i0; i < i1; i++) {
                            int d = src0 + i * wo;
                            for (int j = 0; j < j0; j++) {
                                cols[d + j] = 0f;
                            }
                            for (int j = j1; j < wo; j++) {
                                cols[d + j] = 0f;
                            }
                        }
                        int from = i0 * wo + j0;
                        int n = (i1 - 1) * wo + j1 - from;
                        // fma(1, c, x) = x + c exactly: the vectorised axpy is a plain add
                        kernels.axpy(n, 1f, cols, src0 + from, dx, xc + rowOffset * width + colOffset + from);
                        continue;
                    }
                    for (int i = i0; i < i1; i++) {
                        int sIdx = src0 + i * wo + j0;
                        int d = xc + (i * sr + rowOffset) * width + j0 * s + colOffset;
                        int n = j1 - j0;
                        if (s == 1) {
                            for (int j = 0; j < n; j++) {
                                dx[d + j] += cols[sIdx + j];
                            }
                        } else {
                            for (int j = 0; j < n; j++, d += s) {
                                dx[d] += cols[sIdx + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Direct convolution of one input plane with one {@code kh×kw} filter, for channel-wise
     * (depthwise) layers: {@code y[yOff + i·Wo + j] = b + Σ_{p,q} w[wOff + p·kw + q]·x[xOff + ih·W + iw]}
     * over the taps whose input index is not padding, accumulated tap by tap in increasing
     * {@code (p, q)} with {@code Math.fma}. Mutates only the {@code Ho·Wo} values of {@code y}.
     */
    void convolvePlane(float[] x, int xOff, float[] w, int wOff, float b, float[] y, int yOff) {
        Arrays.fill(y, yOff, yOff + pixels, b);
        int wo = outWidth;
        int s = sw;
        int sr = sh;
        for (int p = 0; p < kh; p++) {
            int rowOffset = p * dh - ph;
            for (int q = 0; q < kw; q++) {
                float wv = w[wOff + p * kw + q];
                int j0 = jLo[q];
                int n = jHi[q] - j0;
                int colOffset = q * dw - pw;
                for (int i = iLo[p]; i < iHi[p]; i++) {
                    int d = yOff + i * wo + j0;
                    int src = xOff + (i * sr + rowOffset) * width + j0 * s + colOffset;
                    if (s == 1) {
                        for (int j = 0; j < n; j++) {
                            y[d + j] = Math.fma(wv, x[src + j], y[d + j]);
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            y[d + j] = Math.fma(wv, x[src + j * s], y[d + j]);
                        }
                    }
                }
            }
        }
    }

    /**
     * The two gradients of {@link #convolvePlane} for an output gradient plane {@code dy}:
     * {@code gw[gwOff + p·kw + q] += Σ_{i,j} dy[i·Wo + j]·x[ih·W + iw]} (per tap and output row a
     * dot product with four partial accumulators; the rows' dot products summed in row order and added
     * to {@code gw} once per tap) and, when
     * {@code dx} is not null, {@code dx[xOff + ih·W + iw] += w[p·kw + q]·dy[i·Wo + j]} (tap by tap,
     * {@code Math.fma}). Mutates {@code gw}'s kh·kw values and, if given, {@code dx}'s plane.
     */
    void convolvePlaneBackward(float[] x, int xOff, float[] w, int wOff, float[] dy, int dyOff,
                               float[] gw, int gwOff, float[] dx) {
        int wo = outWidth;
        int s = sw;
        int sr = sh;
        for (int p = 0; p < kh; p++) {
            int rowOffset = p * dh - ph;
            for (int q = 0; q < kw; q++) {
                float wv = w[wOff + p * kw + q];
                int j0 = jLo[q];
                int n = jHi[q] - j0;
                int colOffset = q * dw - pw;
                float sum = 0f;
                for (int i = iLo[p]; i < iHi[p]; i++) {
                    int d = dyOff + i * wo + j0;
                    int src = xOff + (i * sr + rowOffset) * width + j0 * s + colOffset;
                    sum += dot(dy, d, x, src, s, n);
                    if (dx != null) {
                        if (s == 1) {
                            for (int j = 0; j < n; j++) {
                                dx[src + j] = Math.fma(wv, dy[d + j], dx[src + j]);
                            }
                        } else {
                            for (int j = 0; j < n; j++) {
                                dx[src + j * s] = Math.fma(wv, dy[d + j], dx[src + j * s]);
                            }
                        }
                    }
                }
                gw[gwOff + p * kw + q] += sum;
            }
        }
    }

    /**
     * {@code xp[(i + ph)·Wp + pw + j] = x[xOff + i·W + j]}, zero elsewhere: the input plane with its
     * padding made explicit ({@code Hp·Wp} values of {@code xp} written).
     */
    void padPlane(float[] x, int xOff, float[] xp) {
        int wp = paddedWidth;
        int end = paddedHeight * wp;
        Arrays.fill(xp, 0, Math.min(end, ph * wp + pw), 0f);
        for (int i = 0; i < height; i++) {
            int d = (i + ph) * wp + pw;
            System.arraycopy(x, xOff + i * width, xp, d, width);
            int gapEnd = Math.min(end, d + width + 2 * pw);
            Arrays.fill(xp, d + width, gapEnd, 0f);
        }
        Arrays.fill(xp, Math.min(end, (height + ph) * wp + pw), end, 0f);
    }

    /**
     * Stride-1 direct convolution on a padded plane ({@link #padPlane}):
     * {@code yp[t] = b + Σ_{p,q} w[wOff + p·kw + q]·xp[t + p·dh·Wp + q·dw]} for {@code t <}
     * {@link #paddedRun}, one {@link Kernels#axpy} ({@code fma}) per tap in increasing {@code (p, q)};
     * taps that fall in the padding read 0 and leave the sum unchanged, so the valid entries
     * ({@code t = i·Wp + j}, {@code j < Wo}) equal {@link #convolvePlane}'s outputs. Writes
     * {@code yp[0, paddedRun)}.
     */
    void convolvePadded(Kernels k, float[] xp, float[] w, int wOff, float b, float[] yp) {
        int n = paddedRun;
        Arrays.fill(yp, 0, n, b);
        for (int tap = 0; tap < tapOffset.length; tap++) {
            k.axpy(n, w[wOff + tap], xp, tapOffset[tap], yp, 0);
        }
    }

    /** {@code y[yOff + i·Wo + j] = yp[i·Wp + j]}: the valid outputs of a padded-width run. */
    void unpadOutput(float[] yp, float[] y, int yOff) {
        for (int i = 0; i < outHeight; i++) {
            System.arraycopy(yp, i * paddedWidth, y, yOff + i * outWidth, outWidth);
        }
    }

    /** {@code dyp[i·Wp + j] = dy[dyOff + i·Wo + j]} for {@code j < Wo}, 0 for the other entries of the run. */
    void padGradient(float[] dy, int dyOff, float[] dyp) {
        int wp = paddedWidth;
        int wo = outWidth;
        for (int i = 0; i < outHeight; i++) {
            System.arraycopy(dy, dyOff + i * wo, dyp, i * wp, wo);
            if (i + 1 < outHeight) {
                Arrays.fill(dyp, i * wp + wo, (i + 1) * wp, 0f);
            }
        }
    }

    /** Offset into the padded plane of tap {@code tap = p·kw + q}: {@code p·dh·Wp + q·dw}. */
    int tapOffset(int tap) {
        return tapOffset[tap];
    }

    /**
     * {@code dxp[t + p·dh·Wp + q·dw] += w[wOff + p·kw + q]·dyp[t]} for every tap and {@code t <}
     * {@link #paddedRun}, one {@link Kernels#axpy} per tap: the input gradient of
     * {@link #convolvePadded} on the padded plane ({@code dyp} from {@link #padGradient}, zero off the
     * valid outputs).
     */
    void convolvePaddedAdjoint(Kernels k, float[] dyp, float[] w, int wOff, float[] dxp) {
        int n = paddedRun;
        for (int tap = 0; tap < tapOffset.length; tap++) {
            k.axpy(n, w[wOff + tap], dyp, 0, dxp, tapOffset[tap]);
        }
    }

    /** {@code dx[xOff + i·W + j] = dxp[(i + ph)·Wp + pw + j]}: the interior of a padded gradient plane. */
    void unpadInput(float[] dxp, float[] dx, int xOff) {
        for (int i = 0; i < height; i++) {
            System.arraycopy(dxp, (i + ph) * paddedWidth + pw, dx, xOff + i * width, width);
        }
    }

    /** {@code Σ_{j<n} a[ai + j]·b[bi + j·bs]} with four partial sums (lanes j mod 4), added pairwise at the end. */
    private static float dot(float[] a, int ai, float[] b, int bi, int bs, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 = Math.fma(a[ai + j], b[bi + j * bs], s0);
            s1 = Math.fma(a[ai + j + 1], b[bi + (j + 1) * bs], s1);
            s2 = Math.fma(a[ai + j + 2], b[bi + (j + 2) * bs], s2);
            s3 = Math.fma(a[ai + j + 3], b[bi + (j + 3) * bs], s3);
        }
        for (; j < n; j++) {
            s0 = Math.fma(a[ai + j], b[bi + j * bs], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
