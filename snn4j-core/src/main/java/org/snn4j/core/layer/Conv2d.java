package org.snn4j.core.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;
import org.snn4j.core.kernel.Kernels;
import org.snn4j.core.kernel.ThreadPool;

/**
 * 2-D convolution applied to every row: each of the {@code T·B} rows of the input is an independent
 * image {@code [Cin, H, W]} (CHW, like one sample of PyTorch's NCHW) and is mapped to
 * {@code [Cout, Ho, Wo]}. With kernel {@code kh × kw}, stride {@code (sh, sw)}, zero padding
 * {@code (ph, pw)} (rows above and below, columns left and right), dilation {@code (dh, dw)} and
 * {@code G} groups ({@code Cin_g = Cin/G}, {@code Cout_g = Cout/G}; output channel {@code o} belongs
 * to group {@code g = ⌊o / Cout_g⌋}), as PyTorch's {@code nn.Conv2d} with {@code (h, w)} pairs:
 * <pre>
 *   y[o, i, j] = b[o] + Σ_{c &lt; Cin_g, p &lt; kh, q &lt; kw} W[o, c, p, q] · x[g·Cin_g + c, i·sh + p·dh − ph, j·sw + q·dw − pw]
 * </pre>
 * where {@code x} is 0 outside {@code [0, H) × [0, W)}, {@code Ho = ⌊(H + 2·ph − dh·(kh−1) − 1) / sh⌋ + 1}
 * and {@code Wo = ⌊(W + 2·pw − dw·(kw−1) − 1) / sw⌋ + 1} (PyTorch's formula). A square layer has
 * {@code kh = kw = k}, {@code sh = sw}, {@code ph = pw}, {@code dh = dw}; a 1-D convolution (PyTorch
 * {@code Conv1d} over {@code [C, L]}) is the case {@code H = 1}, {@code kh = 1}, {@code sh = dh = 1},
 * {@code ph = 0} on the input {@code [C, 1, L]}.
 * The weight is {@code [Cout, Cin_g, kh, kw]} (PyTorch/NIR OIHW), the bias {@code [Cout]}; both are
 * initialised as PyTorch's {@code nn.Conv2d}: uniform in {@code ±1/√fanIn}, {@code fanIn = Cin_g·kh·kw}
 * (Kaiming-uniform with {@code a = √5}), weights drawn first.
 *
 * <p><b>Computation.</b> Per group the convolution is the product {@code Y_g = W_g · cols_g}, where
 * {@code W_g} is the weight rows of group {@code g} viewed as {@code [Cout_g, Cin_g·kh·kw]} and
 * {@code cols_g} ({@code im2col}) holds, in column {@code i·Wo + j} and row {@code (c·kh + p)·kw + q},
 * the input value that the equation multiplies with {@code W[o, c, p, q]} (0 in the padding). The
 * rows are processed in chunks of consecutive images whose columns sit side by side
 * ({@code [Cin_g·kh·kw, n·Ho·Wo]}), so one {@link Kernels#gemm} call covers a whole chunk: a chunk has
 * enough images for about 192 GEMM columns, limited so that its column and
 * product buffers stay within 65 536 floats (256 KiB, half of an L2 cache). A one-image chunk's
 * product is computed straight into the output, on top of the bias; a larger chunk's product is
 * scattered to its images, adding the bias. With several threads the chunks are cut into a fixed
 * partition of work units (contiguous runs of chunks, up to 4 per thread) that the pool's threads
 * claim one at a time, so a thread that starts late or is slowed down leaves work to the others;
 * inside a thread the GEMMs run on {@link Kernels#serial()}. Every image is computed the same way
 * whichever thread runs it and the chunking does not depend on the thread count, so the output and
 * the input gradient are the same for any thread count. Channel-wise layers
 * ({@code Cin_g = 1} with at most 3 outputs per group, e.g. depthwise) skip im2col, since a GEMM of
 * one to three rows would waste most of its register tile, and use direct per-plane loops
 * ({@code Math.fma} in the equation's tap order, taps in the padding skipped or adding exact zeros):
 * with stride 1 in both directions each input plane is copied once into a zero-padded plane, so
 * that every tap is one long shifted run over the output ({@link Kernels#axpy} forward and for the
 * input gradient, {@link Kernels#dot} for the weight gradient); with a larger stride row by row.
 *
 * <p><b>Backward</b> (fused per chunk, im2col recomputed instead of kept: recomputing costs a few
 * per cent of the backward pass, while keeping the columns of all rows would take
 * {@code 4·T·B·Cin·kh·kw·Ho·Wo} bytes, 58 MB for 32 channels, 3×3, 14×14 and 256 rows, written in forward
 * and read back from memory in backward):
 * {@code dW_g += dY_g · cols_gᵀ}, {@code db[o] += Σ_{images, i, j} dY[o, i, j]} and, when the input
 * gradient is needed, {@code dX = col2im(W_gᵀ · dY_g)}. Each work unit accumulates its chunks' weight
 * and bias gradients, in chunk order, in its own buffer (the first unit directly into
 * {@link Parameter#grad()}); the buffers are then added in unit order. The units depend only on the
 * rows and the thread count, not on which thread ran them, so for a given thread count the result is
 * identical run to run, and different thread counts differ only by float rounding.
 *
 * <p><b>Buffers and mutation.</b> {@code forward} returns an array owned by this layer
 * ({@code [T·B, Cout·Ho·Wo]}), {@code backward} returns another ({@code [T·B, Cin·H·W]}) and adds into
 * the weight and bias gradients; the input array is kept (not copied) until backward. Column,
 * product and partial-gradient buffers belong to the layer and grow on demand, so the steady state
 * allocates no arrays.
 */
public final class Conv2d implements StatelessLayer {

    /** Most floats of column and product buffers per chunk (256 KiB, half of a Zen 3 L2). */
    static final int DEFAULT_CHUNK_FLOATS = 1 << 16;
    /**
     * GEMM columns ({@code images·Ho·Wo}) a chunk aims for: enough that the register tiles of the
     * product are mostly full and packing the weight is amortised.
     */
    static final int TARGET_COLUMNS = 192;
    /**
     * Chunks are at most {@code ceil(rows / MIN_CHUNKS)} images, so even short inputs split into
     * enough chunks to keep the threads busy (the limit does not depend on the thread count).
     */
    static final int MIN_CHUNKS = 16;
    /**
     * Channel-wise layers ({@code Cin_g = 1}) with at most this many output channels per group use
     * direct per-plane loops instead of im2col + GEMM: a GEMM with one to three rows wastes most of
     * its register tile and falls back to its unpacked path.
     */
    static final int DIRECT_MAX_COUT_G = 3;
    /**
     * Work units per thread: the chunks are cut into at most this many units per thread (a fixed
     * partition), which the threads claim one at a time, so a thread that starts late or is slowed
     * down leaves its remaining units to the others.
     */
    static final int UNITS_PER_THREAD = 4;

    /**
     * The layer's hyper-parameters. Each of kernel, stride, padding and dilation has a height value
     * (the components {@code kernelSize}, {@code stride}, {@code padding}, {@code dilation}, named
     * for the square case; {@link #kernelHeight()} etc. read them under their directional names) and
     * a width value ({@code kernelWidth}, {@code strideWidth}, {@code paddingWidth},
     * {@code dilationWidth}), like PyTorch's {@code Conv2d} with {@code (h, w)} pairs. A width
     * component given as {@link #SAME_AS_HEIGHT} (−1) takes the height value: the record stores the
     * resolved value, so {@code new Spec(0, 8, 3, -1, 1, -1, 1, -1, 1, -1, 1, true)} equals
     * {@code new Spec(0, 8, 3, 1, 1, 1, 1, true)}, and architecture files written before the width
     * components existed (which leave them out, defaulting to −1) describe the same square layer.
     *
     * @param inChannels    input channels {@code Cin}; must equal the input shape's first dimension
     *                      (0 = infer it when the layer is built)
     * @param outChannels   output channels {@code Cout}, ≥ 1
     * @param kernelSize    kernel height {@code kh} (the side {@code k} of a square kernel), ≥ 1
     * @param kernelWidth   kernel width {@code kw}, ≥ 1, or −1 = {@code kernelSize}
     * @param stride        step {@code sh} between output rows, ≥ 1
     * @param strideWidth   step {@code sw} between output columns, ≥ 1, or −1 = {@code stride}
     * @param padding       zero padding {@code ph} above and below, ≥ 0
     * @param paddingWidth  zero padding {@code pw} left and right, ≥ 0, or −1 = {@code padding}
     * @param dilation      spacing {@code dh} between kernel rows, ≥ 1
     * @param dilationWidth spacing {@code dw} between kernel columns, ≥ 1, or −1 = {@code dilation}
     * @param groups        number of channel groups {@code G} ≥ 1, dividing both channel counts
     *                      ({@code G = Cin = Cout}: depthwise)
     * @param bias          whether a bias vector is learned
     */
    public record Spec(int inChannels, int outChannels, int kernelSize, int kernelWidth, int stride, int strideWidth,
                       int padding, int paddingWidth, int dilation, int dilationWidth, int groups, boolean bias)
            implements LayerSpec {

        /** Value of a width component that means "the same as the height component" (−1). */
        public static final int SAME_AS_HEIGHT = -1;

        public Spec {
            if (inChannels < 0) {
                throw new IllegalArgumentException("conv2d inChannels must be >= 0 (0 = infer), got " + inChannels);
            }
            if (outChannels < 1) {
                throw new IllegalArgumentException("conv2d outChannels must be >= 1, got " + outChannels);
            }
            if (kernelSize < 1) {
                throw new IllegalArgumentException("conv2d kernelSize must be >= 1, got " + kernelSize);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("conv2d stride must be >= 1, got " + stride);
            }
            if (padding < 0) {
                throw new IllegalArgumentException("conv2d padding must be >= 0, got " + padding);
            }
            if (dilation < 1) {
                throw new IllegalArgumentException("conv2d dilation must be >= 1, got " + dilation);
            }
            kernelWidth = width("kernelWidth", kernelWidth, 1, "kernelSize", kernelSize);
            strideWidth = width("strideWidth", strideWidth, 1, "stride", stride);
            paddingWidth = width("paddingWidth", paddingWidth, 0, "padding", padding);
            dilationWidth = width("dilationWidth", dilationWidth, 1, "dilation", dilation);
            if (groups < 1) {
                throw new IllegalArgumentException("conv2d groups must be >= 1, got " + groups);
            }
            if (outChannels % groups != 0) {
                throw new IllegalArgumentException("conv2d groups (" + groups + ") must divide outChannels ("
                        + outChannels + ")");
            }
            if (inChannels != 0 && inChannels % groups != 0) {
                throw new IllegalArgumentException("conv2d groups (" + groups + ") must divide inChannels ("
                        + inChannels + ")");
            }
            checkExtent("dilation·(kernelSize−1)+1", dilation, kernelSize);
            checkExtent("dilationWidth·(kernelWidth−1)+1", dilationWidth, kernelWidth);
        }

        /**
         * A square layer: kernel {@code kernelSize × kernelSize}, the same stride, padding and
         * dilation in both directions (the constructor of the square-only spec, kept for callers).
         */
        public Spec(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                    boolean bias) {
            this(inChannels, outChannels, kernelSize, kernelSize, stride, stride, padding, padding, dilation, dilation,
                    groups, bias);
        }

        private static int width(String name, int value, int min, String heightName, int height) {
            if (value == SAME_AS_HEIGHT) {
                return height;
            }
            if (value < min) {
                throw new IllegalArgumentException("conv2d " + name + " must be >= " + min + " (or " + SAME_AS_HEIGHT
                        + " = " + heightName + "), got " + value);
            }
            return value;
        }

        private static void checkExtent(String what, int dilation, int kernel) {
            long extent = (long) dilation * (kernel - 1) + 1;
            if (extent > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("conv2d dilated kernel extent " + what + " = " + extent
                        + " is too large (at most " + Integer.MAX_VALUE / 2 + ")");
            }
        }

        /** A builder with {@code inChannels} 0 (inferred), stride 1, padding 0, dilation 1, groups 1, bias. */
        public static Builder builder(int outChannels, int kernelSize) {
            return new Builder(outChannels, kernelSize);
        }

        /** Kernel rows {@code kh}: the component {@code kernelSize}. */
        public int kernelHeight() {
            return kernelSize;
        }

        /** Step between output rows {@code sh}: the component {@code stride}. */
        public int strideHeight() {
            return stride;
        }

        /** Zero padding above and below {@code ph}: the component {@code padding}. */
        public int paddingHeight() {
            return padding;
        }

        /** Spacing between kernel rows {@code dh}: the component {@code dilation}. */
        public int dilationHeight() {
            return dilation;
        }

        /**
         * Whether kernel, stride, padding and dilation are each equal in both directions, so that
         * {@link #kernelSize()}, {@link #stride()}, {@link #padding()} and {@link #dilation()} alone
         * describe the layer (a square spec).
         */
        public boolean isSquare() {
            return kernelWidth == kernelSize && strideWidth == stride && paddingWidth == padding
                    && dilationWidth == dilation;
        }

        /** {@code "h"} when both values are equal, else {@code "h×w"} (how messages and summaries print a pair). */
        public static String pair(int height, int width) {
            return height == width ? Integer.toString(height) : height + "×" + width;
        }

        @Override
        public String type() {
            return "conv2d";
        }

        /**
         * Builds the layer for an input of shape {@code [Cin, H, W]}.
         *
         * @throws IllegalArgumentException if the shape is not of rank 3, its channel count does not
         *                                  match {@code inChannels} or is not divisible by {@code groups},
         *                                  or the output would be empty (kernel larger than the padded input)
         */
        @Override
        public Layer build(Shape inputShape, RandomGenerator rng) {
            if (inputShape.rank() != 3) {
                throw new IllegalArgumentException("conv2d expects an input shape [C, H, W] (rank 3) but got "
                        + inputShape + " (rank " + inputShape.rank() + "); images need channel, height and width");
            }
            int c = inputShape.dim(0);
            int h = inputShape.dim(1);
            int w = inputShape.dim(2);
            if (inChannels != 0 && inChannels != c) {
                throw new IllegalArgumentException("conv2d expects " + inChannels + " input channels but its input has shape "
                        + inputShape + " (" + c + " channels)");
            }
            if (c % groups != 0) {
                throw new IllegalArgumentException("conv2d groups (" + groups + ") must divide the input channels ("
                        + c + " of input shape " + inputShape + ")");
            }
            long ho = ConvGeometry.outSizeLong(h, kernelSize, stride, padding, dilation);
            long wo = ConvGeometry.outSizeLong(w, kernelWidth, strideWidth, paddingWidth, dilationWidth);
            if (ho < 1 || wo < 1) {
                long extentH = (long) dilation * (kernelSize - 1) + 1;
                long extentW = (long) dilationWidth * (kernelWidth - 1) + 1;
                String extent = extentH == extentW ? Long.toString(extentH) : extentH + "×" + extentW;
                throw new IllegalArgumentException("conv2d kernel " + pair(kernelSize, kernelWidth) + " (dilation "
                        + pair(dilation, dilationWidth) + ", extent " + extent + ") is larger than the padded input "
                        + (h + 2L * padding) + "×" + (w + 2L * paddingWidth) + " (input " + inputShape + ", padding "
                        + pair(padding, paddingWidth) + "): the output would be " + ho + "×" + wo);
            }
            if ((long) outChannels * ho * wo > Integer.MAX_VALUE
                    || (long) (c / groups) * kernelSize * kernelWidth * ho * wo > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("conv2d output " + outChannels + "×" + ho + "×" + wo
                        + " for input " + inputShape + " has more than 2^31-1 values per image");
            }
            Spec resolved = new Spec(c, outChannels, kernelSize, kernelWidth, stride, strideWidth, padding, paddingWidth,
                    dilation, dilationWidth, groups, bias);
            return new Conv2d(resolved, inputShape, rng);
        }

        /** Builder for {@link Spec}; see {@link Spec#builder(int, int)} for the defaults. */
        public static final class Builder {
            private final int outChannels;
            private int kernelHeight;
            private int kernelWidth;
            private int inChannels;
            private int strideHeight = 1;
            private int strideWidth = 1;
            private int paddingHeight;
            private int paddingWidth;
            private int dilationHeight = 1;
            private int dilationWidth = 1;
            private int groups = 1;
            private boolean bias = true;

            private Builder(int outChannels, int kernelSize) {
                this.outChannels = outChannels;
                this.kernelHeight = kernelSize;
                this.kernelWidth = kernelSize;
            }

            public Builder inChannels(int v) {
                inChannels = v;
                return this;
            }

            /** A {@code h × w} kernel (replaces the square size given to {@link Spec#builder(int, int)}). */
            public Builder kernel(int h, int w) {
                kernelHeight = h;
                kernelWidth = w;
                return this;
            }

            /** The same stride in both directions. */
            public Builder stride(int v) {
                return stride(v, v);
            }

            /** Stride {@code h} between output rows, {@code w} between output columns. */
            public Builder stride(int h, int w) {
                strideHeight = h;
                strideWidth = w;
                return this;
            }

            /** The same zero padding on all four sides. */
            public Builder padding(int v) {
                return padding(v, v);
            }

            /** Zero padding {@code h} above and below, {@code w} left and right. */
            public Builder padding(int h, int w) {
                paddingHeight = h;
                paddingWidth = w;
                return this;
            }

            /** The same dilation in both directions. */
            public Builder dilation(int v) {
                return dilation(v, v);
            }

            /** Dilation {@code h} between kernel rows, {@code w} between kernel columns. */
            public Builder dilation(int h, int w) {
                dilationHeight = h;
                dilationWidth = w;
                return this;
            }

            public Builder groups(int v) {
                groups = v;
                return this;
            }

            public Builder bias(boolean v) {
                bias = v;
                return this;
            }

            /** The validated spec. */
            public Spec build() {
                return new Spec(inChannels, outChannels, kernelHeight, kernelWidth, strideHeight, strideWidth,
                        paddingHeight, paddingWidth, dilationHeight, dilationWidth, groups, bias);
            }
        }
    }

    private final Spec spec;
    private final Shape inputShape;
    private final Shape outputShape;
    private final ConvGeometry geo;
    private final Parameter weight;
    private final Parameter bias;
    private final int groups;
    private final int cinG;
    private final int coutG;
    /** Column rows per group: {@code Cin_g·kh·kw}. */
    private final int kg;
    /** Values per input row {@code Cin·H·W} and per output row {@code Cout·Ho·Wo}. */
    private final int inSize;
    private final int outSize;
    private final int chunkFloats;
    /** Whether the direct channel-wise loops are used instead of im2col + GEMM. */
    private final boolean direct;

    private float[] output = new float[0];
    private float[] gradInput = new float[0];
    private float[] lastInput;
    private int lastRows;
    private Kernels lastKernels;

    /** Per-thread buffers: columns {@code [kg, n·P]} and products / gathered gradients {@code [Cout_g, n·P]}. */
    private float[][] cols = new float[0][];
    private float[][] prod = new float[0][];
    /** Per-unit partial weight and bias gradients of units 1.. (unit 0 adds into the parameters). */
    private float[][] weightPart = new float[0][];
    private float[][] biasPart = new float[0][];
    private float[] ones = new float[0];
    /** Per-thread scratch of the stride-1 direct path: padded input plane, output run, padded gradient plane. */
    private float[][] padX = new float[0][];
    private float[][] padY = new float[0][];
    private float[][] padDx = new float[0][];

    // State of the pass in flight, read by the pool tasks (set before, cleared after each parallel loop).
    private final ThreadPool.RangeBody forwardBody = this::forwardSlots;
    private final ThreadPool.RangeBody backwardBody = this::backwardSlots;
    private float[] passIn;
    private float[] passGrad;
    private int passRows;
    private int passChunkImages;
    private int passChunks;
    /** Threads working on the pass and work units (fixed partition of the chunks) of the pass. */
    private int passThreads;
    private int passUnits;
    /** The next unit to claim; reset before each parallel loop. */
    private final AtomicInteger nextUnit = new AtomicInteger();
    private boolean passInputGrad;
    private Kernels passKernels;

    private Conv2d(Spec spec, Shape inputShape, RandomGenerator rng) {
        this(spec, inputShape, rng, DEFAULT_CHUNK_FLOATS, null);
    }

    /**
     * With an explicit chunk buffer target (tests use small ones to cover chunk edges) and algorithm:
     * {@code direct} true forces the direct channel-wise loops (only for {@code Cin_g = 1}), false
     * im2col + GEMM, null the automatic choice.
     */
    Conv2d(Spec spec, Shape inputShape, RandomGenerator rng, int chunkFloats, Boolean direct) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.chunkFloats = chunkFloats;
        int kh = spec.kernelHeight();
        int kw = spec.kernelWidth();
        this.geo = new ConvGeometry(inputShape.dim(1), inputShape.dim(2), kh, kw, spec.strideHeight(),
                spec.strideWidth(), spec.paddingHeight(), spec.paddingWidth(), spec.dilationHeight(),
                spec.dilationWidth());
        this.groups = spec.groups();
        this.cinG = spec.inChannels() / groups;
        this.coutG = spec.outChannels() / groups;
        this.kg = cinG * kh * kw;
        this.inSize = inputShape.size();
        this.outputShape = Shape.of(spec.outChannels(), geo.outHeight, geo.outWidth);
        this.outSize = outputShape.size();
        if (direct == null) {
            this.direct = cinG == 1 && coutG <= DIRECT_MAX_COUT_G;
        } else if (direct && cinG != 1) {
            throw new IllegalArgumentException("the direct algorithm needs one input channel per group, got "
                    + cinG);
        } else {
            this.direct = direct;
        }
        float bound = (float) (1.0 / Math.sqrt(kg));
        this.weight = Parameter.uniform("weight", Shape.of(spec.outChannels(), cinG, kh, kw), bound, true, rng);
        this.bias = spec.bias() ? Parameter.uniform("bias", Shape.of(spec.outChannels()), bound, false, rng) : null;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    /** The weight {@code [Cout, Cin/groups, kh, kw]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [Cout]}, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public float[] forward(float[] input, RunContext ctx) {
        return forwardRows(input, ctx.rows(), ctx);
    }

    @Override
    public float[] forwardRows(float[] input, int rows, RunContext ctx) {
        checkLength("input", input, (long) rows * inSize);
        if ((long) rows * outSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("conv2d output of " + rows + " rows × " + outSize
                    + " values exceeds 2^31-1 floats; use fewer rows per batch");
        }
        if (output.length != rows * outSize) {
            output = new float[rows * outSize];
        }
        Kernels k = ctx.kernels();
        startPass(input, null, rows, k, false);
        try {
            runPass(k, forwardBody);
        } finally {
            endPass();
        }
        lastInput = ctx.training() ? input : null;
        lastRows = rows;
        lastKernels = k;
        return output;
    }

    @Override
    public float[] backward(float[] gradOutput, boolean needInputGrad) {
        if (lastInput == null) {
            throw new IllegalStateException("conv2d backward called without a preceding training forward");
        }
        int rows = lastRows;
        Kernels k = lastKernels;
        checkLength("gradient", gradOutput, (long) rows * outSize);
        if (needInputGrad && gradInput.length != rows * inSize) {
            gradInput = new float[rows * inSize];
        }
        startPass(lastInput, gradOutput, rows, k, needInputGrad);
        try {
            runPass(k, backwardBody);
            for (int u = 1; u < passUnits; u++) {
                k.axpy(weightPart[u].length, 1f, weightPart[u], 0, weight.grad(), 0);
                if (bias != null) {
                    k.axpy(biasPart[u].length, 1f, biasPart[u], 0, bias.grad(), 0);
                }
            }
        } finally {
            endPass();
        }
        lastInput = null;
        return needInputGrad ? gradInput : null;
    }

    /**
     * Images per chunk for {@code rows} images: enough images for {@link #TARGET_COLUMNS} GEMM
     * columns ({@code n·Ho·Wo}), but no more than fit {@code chunkFloats} of column and product
     * buffers and no more than {@code ceil(rows / MIN_CHUNKS)}; at least one. Large feature maps thus
     * get one image per chunk, whose product goes straight into the output; small ones are batched
     * so that the GEMM stays wide.
     */
    int chunkImages(int rows) {
        int pix = geo.pixels;
        long perImage = direct ? (long) outSize : (long) (kg + coutG) * pix;
        long wanted = direct ? Long.MAX_VALUE : (TARGET_COLUMNS + pix - 1) / pix;
        long fit = chunkFloats / perImage;
        long cap = (rows + MIN_CHUNKS - 1) / MIN_CHUNKS;
        return (int) Math.max(1, Math.min(Math.min(wanted, fit), cap));
    }

    private void startPass(float[] in, float[] grad, int rows, Kernels k, boolean inputGrad) {
        int ci = chunkImages(rows);
        int chunks = (rows + ci - 1) / ci;
        int threads = Math.min(k.threads(), chunks);
        int units = threads == 1 ? 1 : Math.min(chunks, UNITS_PER_THREAD * threads);
        ensureBuffers(threads, units, ci, grad != null);
        passIn = in;
        passGrad = grad;
        passRows = rows;
        passChunkImages = ci;
        passChunks = chunks;
        passThreads = threads;
        passUnits = units;
        passInputGrad = inputGrad;
        nextUnit.set(0);
        // one thread: let the GEMMs use the whole pool; several: each thread runs serial GEMMs
        passKernels = threads == 1 ? k : k.serial();
    }

    private void endPass() {
        passIn = null;
        passGrad = null;
        passKernels = null;
    }

    private void runPass(Kernels k, ThreadPool.RangeBody body) {
        if (passThreads == 1) {
            body.run(0, 1);
        } else {
            k.pool().parallelFor(passThreads, 1, body);
        }
    }

    private void ensureBuffers(int slots, int units, int chunkImages, boolean backward) {
        int n = chunkImages * geo.pixels;
        if (cols.length < slots) {
            cols = Arrays.copyOf(cols, slots);
            prod = Arrays.copyOf(prod, slots);
        }
        if (backward) {
            if (weightPart.length < units) {
                weightPart = Arrays.copyOf(weightPart, units);
                biasPart = Arrays.copyOf(biasPart, units);
            }
            for (int u = 1; u < units; u++) {
                if (weightPart[u] == null) {
                    weightPart[u] = new float[weight.size()];
                    biasPart[u] = bias == null ? null : new float[bias.size()];
                }
            }
        }
        if (padX.length < slots) {
            padX = Arrays.copyOf(padX, slots);
            padY = Arrays.copyOf(padY, slots);
            padDx = Arrays.copyOf(padDx, slots);
        }
        for (int s = 0; s < slots; s++) {
            if (direct) {
                if (geo.unitStride() && padX[s] == null) {
                    padX[s] = new float[geo.paddedHeight * geo.paddedWidth];
                    padY[s] = new float[geo.paddedRun];
                    padDx[s] = new float[geo.paddedHeight * geo.paddedWidth];
                }
                continue;
            }
            if (cols[s] == null || cols[s].length < kg * n) {
                cols[s] = new float[kg * n];
            }
            if (prod[s] == null || prod[s].length < coutG * n) {
                prod[s] = new float[coutG * n];
            }
        }
        int onesNeeded = direct ? geo.pixels : n;
        if (backward && bias != null && ones.length < onesNeeded) {
            ones = new float[onesNeeded];
            Arrays.fill(ones, 1f);
        }
    }

    /** First chunk of unit {@code u} (unit {@code u} is chunks {@code [firstChunk(u), firstChunk(u+1))}). */
    private int firstChunk(int u) {
        return (int) ((long) passChunks * u / passUnits);
    }

    /** Thread slots {@code [from, to)}: each claims units until none is left, using its own scratch. */
    private void forwardSlots(int from, int to) {
        for (int s = from; s < to; s++) {
            float[] colBuf = cols[s];
            float[] prodBuf = prod[s];
            for (int u = nextUnit.getAndIncrement(); u < passUnits; u = nextUnit.getAndIncrement()) {
                for (int c = firstChunk(u), end = firstChunk(u + 1); c < end; c++) {
                    int img0 = c * passChunkImages;
                    forwardChunk(s, img0, Math.min(passChunkImages, passRows - img0), colBuf, prodBuf);
                }
            }
        }
    }

    private void forwardChunk(int slot, int img0, int images, float[] colBuf, float[] prodBuf) {
        if (direct) {
            if (geo.unitStride()) {
                forwardPadded(slot, img0, images);
            } else {
                forwardDirect(img0, images);
            }
            return;
        }
        int pix = geo.pixels;
        int n = images * pix;
        float[] x = passIn;
        float[] w = weight.value();
        float[] b = bias == null ? null : bias.value();
        for (int g = 0; g < groups; g++) {
            int wOff = g * coutG * kg;
            for (int l = 0; l < images; l++) {
                geo.im2col(x, (img0 + l) * inSize + g * cinG * geo.plane, cinG, colBuf, l * pix, n);
            }
            if (images == 1) {
                // straight into the output: y = b + W_g·cols (the GEMM adds its sum to the bias)
                int yOff = img0 * outSize + g * coutG * pix;
                if (b != null) {
                    for (int o = 0; o < coutG; o++) {
                        Arrays.fill(output, yOff + o * pix, yOff + (o + 1) * pix, b[g * coutG + o]);
                    }
                }
                passKernels.gemm(false, false, coutG, pix, kg, w, wOff, kg, colBuf, 0, pix, output, yOff, pix, b != null);
                continue;
            }
            passKernels.gemm(false, false, coutG, n, kg, w, wOff, kg, colBuf, 0, n, prodBuf, 0, n, false);
            for (int l = 0; l < images; l++) {
                for (int o = 0; o < coutG; o++) {
                    int channel = g * coutG + o;
                    int dst = (img0 + l) * outSize + channel * pix;
                    int src = o * n + l * pix;
                    if (b == null) {
                        System.arraycopy(prodBuf, src, output, dst, pix);
                    } else {
                        float bo = b[channel];
                        for (int i = 0; i < pix; i++) {
                            output[dst + i] = prodBuf[src + i] + bo;
                        }
                    }
                }
            }
        }
    }

    /**
     * Thread slots {@code [from, to)} claim units; unit {@code u} accumulates its chunks, in order,
     * into its own gradient buffers (unit 0 into the parameters), whichever thread runs it.
     */
    private void backwardSlots(int from, int to) {
        for (int s = from; s < to; s++) {
            for (int u = nextUnit.getAndIncrement(); u < passUnits; u = nextUnit.getAndIncrement()) {
                float[] dw;
                float[] db;
                if (u == 0) {
                    dw = weight.grad();
                    db = bias == null ? null : bias.grad();
                } else {
                    dw = weightPart[u];
                    Arrays.fill(dw, 0f);
                    db = biasPart[u];
                    if (db != null) {
                        Arrays.fill(db, 0f);
                    }
                }
                for (int c = firstChunk(u), end = firstChunk(u + 1); c < end; c++) {
                    int img0 = c * passChunkImages;
                    backwardChunk(s, img0, Math.min(passChunkImages, passRows - img0), cols[s], prod[s], dw, db);
                }
            }
        }
    }

    private void backwardChunk(int slot, int img0, int images, float[] colBuf, float[] gradBuf, float[] dw,
                               float[] db) {
        if (direct) {
            if (geo.unitStride()) {
                backwardPadded(slot, img0, images, dw, db);
            } else {
                backwardDirect(img0, images, dw, db);
            }
            return;
        }
        int pix = geo.pixels;
        int n = images * pix;
        float[] x = passIn;
        float[] dy = passGrad;
        float[] w = weight.value();
        Kernels k = passKernels;
        if (passInputGrad) {
            Arrays.fill(gradInput, img0 * inSize, (img0 + images) * inSize, 0f);
        }
        for (int g = 0; g < groups; g++) {
            int xOff = g * cinG * geo.plane;
            for (int l = 0; l < images; l++) {
                geo.im2col(x, (img0 + l) * inSize + xOff, cinG, colBuf, l * pix, n);
                for (int o = 0; o < coutG; o++) {
                    System.arraycopy(dy, (img0 + l) * outSize + (g * coutG + o) * pix, gradBuf, o * n + l * pix, pix);
                }
            }
            int wOff = g * coutG * kg;
            k.gemm(false, true, coutG, kg, n, gradBuf, 0, n, colBuf, 0, n, dw, wOff, kg, true);
            if (db != null) {
                for (int o = 0; o < coutG; o++) {
                    db[g * coutG + o] += k.dot(n, gradBuf, o * n, ones, 0);
                }
            }
            if (passInputGrad) {
                // the columns are no longer needed: reuse their buffer for dCols = W_gᵀ · dY_g
                k.gemm(true, false, kg, n, coutG, w, wOff, kg, gradBuf, 0, n, colBuf, 0, n, false);
                for (int l = 0; l < images; l++) {
                    geo.col2im(k, colBuf, l * pix, n, cinG, gradInput, (img0 + l) * inSize + xOff);
                }
            }
        }
    }

    /**
     * Channel-wise forward with both strides 1: each input plane is padded once and convolved into the
     * {@code Cout_g} output planes of its group as long runs ({@link ConvGeometry#convolvePadded}).
     */
    private void forwardPadded(int slot, int img0, int images) {
        int pix = geo.pixels;
        int kk = kg;
        float[] x = passIn;
        float[] w = weight.value();
        float[] b = bias == null ? null : bias.value();
        float[] xp = padX[slot];
        float[] yp = padY[slot];
        int cin = spec.inChannels();
        for (int img = img0; img < img0 + images; img++) {
            for (int c = 0; c < cin; c++) {
                geo.padPlane(x, img * inSize + c * geo.plane, xp);
                for (int o = c * coutG; o < (c + 1) * coutG; o++) {
                    geo.convolvePadded(passKernels, xp, w, o * kk, b == null ? 0f : b[o], yp);
                    geo.unpadOutput(yp, output, img * outSize + o * pix);
                }
            }
        }
    }

    private void backwardPadded(int slot, int img0, int images, float[] dw, float[] db) {
        int pix = geo.pixels;
        int kk = kg;
        int run = geo.paddedRun;
        float[] x = passIn;
        float[] dy = passGrad;
        float[] w = weight.value();
        float[] xp = padX[slot];
        float[] dyp = padY[slot];
        float[] dxp = padDx[slot];
        boolean inputGrad = passInputGrad;
        Kernels k = passKernels;
        int cin = spec.inChannels();
        for (int img = img0; img < img0 + images; img++) {
            for (int c = 0; c < cin; c++) {
                int xOff = img * inSize + c * geo.plane;
                geo.padPlane(x, xOff, xp);
                if (inputGrad) {
                    Arrays.fill(dxp, 0f);
                }
                for (int o = c * coutG; o < (c + 1) * coutG; o++) {
                    int dyOff = img * outSize + o * pix;
                    geo.padGradient(dy, dyOff, dyp);
                    for (int tap = 0; tap < kk; tap++) {
                        dw[o * kk + tap] += k.dot(run, dyp, 0, xp, geo.tapOffset(tap));
                    }
                    if (db != null) {
                        db[o] += k.dot(pix, dy, dyOff, ones, 0);
                    }
                    if (inputGrad) {
                        geo.convolvePaddedAdjoint(k, dyp, w, o * kk, dxp);
                    }
                }
                if (inputGrad) {
                    // each input plane belongs to one group and is finished here: overwrite, no zeroing
                    geo.unpadInput(dxp, gradInput, xOff);
                }
            }
        }
    }

    /** Channel-wise forward: output channel {@code o} convolves input channel {@code o / Cout_g}. */
    private void forwardDirect(int img0, int images) {
        int pix = geo.pixels;
        int kk = kg;
        float[] x = passIn;
        float[] w = weight.value();
        float[] b = bias == null ? null : bias.value();
        int cout = spec.outChannels();
        for (int img = img0; img < img0 + images; img++) {
            for (int o = 0; o < cout; o++) {
                geo.convolvePlane(x, img * inSize + (o / coutG) * geo.plane, w, o * kk, b == null ? 0f : b[o],
                        output, img * outSize + o * pix);
            }
        }
    }

    private void backwardDirect(int img0, int images, float[] dw, float[] db) {
        int pix = geo.pixels;
        int kk = kg;
        float[] x = passIn;
        float[] dy = passGrad;
        float[] w = weight.value();
        float[] dx = passInputGrad ? gradInput : null;
        int cout = spec.outChannels();
        if (dx != null) {
            Arrays.fill(dx, img0 * inSize, (img0 + images) * inSize, 0f);
        }
        for (int img = img0; img < img0 + images; img++) {
            for (int o = 0; o < cout; o++) {
                int dyOff = img * outSize + o * pix;
                geo.convolvePlaneBackward(x, img * inSize + (o / coutG) * geo.plane, w, o * kk, dy, dyOff, dw, o * kk, dx);
                if (db != null) {
                    float sum = 0f;
                    for (int i = 0; i < pix; i++) {
                        sum += dy[dyOff + i];
                    }
                    db[o] += sum;
                }
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    private static void checkLength(String what, float[] a, long expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException("conv2d layer " + what + " has " + a.length
                    + " values, expected rows·features = " + expected);
        }
    }
}
