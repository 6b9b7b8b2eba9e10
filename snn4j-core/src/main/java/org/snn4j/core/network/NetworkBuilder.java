package org.snn4j.core.network;

import java.util.ArrayList;
import java.util.List;
import org.snn4j.core.Shape;
import org.snn4j.core.layer.AvgPool2d;
import org.snn4j.core.layer.BatchNorm;
import org.snn4j.core.layer.Conv2d;
import org.snn4j.core.layer.Delay;
import org.snn4j.core.layer.Dropout;
import org.snn4j.core.layer.Flatten;
import org.snn4j.core.layer.LayerSpec;
import org.snn4j.core.layer.Linear;
import org.snn4j.core.layer.MaxPool2d;
import org.snn4j.core.layer.Qcfs;
import org.snn4j.core.layer.Relu;
import org.snn4j.core.neuron.LifSpec;
import org.snn4j.core.neuron.ThresholdSpec;

/**
 * Fluent description of a sequential network. Sizes are inferred from the previous layer:
 * {@code Network.builder(784).linear(1000).lif(...).linear(10).lif(...).build(42)}.
 */
public final class NetworkBuilder {
    private final Shape inputShape;
    private final List<LayerSpec> layers = new ArrayList<>();

    NetworkBuilder(Shape inputShape) {
        this.inputShape = inputShape;
    }

    /** Appends any layer spec. */
    public NetworkBuilder add(LayerSpec spec) {
        layers.add(spec);
        return this;
    }

    /** A fully connected layer with bias. */
    public NetworkBuilder linear(int outFeatures) {
        return add(new Linear.Spec(0, outFeatures, true));
    }

    /** A fully connected layer, with or without bias. */
    public NetworkBuilder linear(int outFeatures, boolean bias) {
        return add(new Linear.Spec(0, outFeatures, bias));
    }

    /**
     * A 2-D convolution with a square {@code kernelSize × kernelSize} kernel, bias, stride 1, no
     * padding, dilation 1 and one group; the input channels are inferred from the previous layer,
     * whose output must be {@code [C, H, W]}.
     */
    public NetworkBuilder conv2d(int outChannels, int kernelSize) {
        return add(Conv2d.Spec.builder(outChannels, kernelSize).build());
    }

    /**
     * A 2-D convolution with a square kernel, bias, dilation 1 and one group, with the given
     * stride and zero padding in both directions; for a non-square kernel, per-direction stride,
     * padding or dilation, groups or no bias add a {@link Conv2d.Spec} built with
     * {@link Conv2d.Spec#builder(int, int)} (e.g. {@code .kernel(1, 5).padding(0, 2)}).
     */
    public NetworkBuilder conv2d(int outChannels, int kernelSize, int stride, int padding) {
        return add(Conv2d.Spec.builder(outChannels, kernelSize).stride(stride).padding(padding).build());
    }

    /** A LIF layer with decay β and the {@link LifSpec} defaults (θ = 1, reset by subtraction, arctan surrogate). */
    public NetworkBuilder lif(float beta) {
        return add(LifSpec.of(beta));
    }

    public NetworkBuilder dropout(float p) {
        return add(new Dropout.Spec(p));
    }

    public NetworkBuilder flatten() {
        return add(new Flatten.Spec());
    }

    /** Max pooling with a {@code k×k} window, stride {@code k}, no padding (needs a {@code [C, H, W]} input). */
    public NetworkBuilder maxPool2d(int kernelSize) {
        return add(MaxPool2d.Spec.of(kernelSize));
    }

    /** Max pooling with explicit stride (0 = kernel size) and padding. */
    public NetworkBuilder maxPool2d(int kernelSize, int stride, int padding) {
        return add(new MaxPool2d.Spec(kernelSize, stride, padding));
    }

    /** Average pooling with a {@code k×k} window, stride {@code k}, no padding (needs a {@code [C, H, W]} input). */
    public NetworkBuilder avgPool2d(int kernelSize) {
        return add(AvgPool2d.Spec.of(kernelSize));
    }

    /** Average pooling with explicit stride (0 = kernel size) and padding. */
    public NetworkBuilder avgPool2d(int kernelSize, int stride, int padding) {
        return add(new AvgPool2d.Spec(kernelSize, stride, padding));
    }

    /** Batch normalisation over the {@code T·B} rows with PyTorch's defaults (momentum 0.1, eps 1e-5, affine). */
    public NetworkBuilder batchNorm() {
        return add(BatchNorm.Spec.defaults());
    }

    /** A ReLU activation {@code y = max(0, x)} (see {@link Relu}). */
    public NetworkBuilder relu() {
        return add(new Relu.Spec());
    }

    /**
     * A quantisation-clip-floor-shift activation with {@code levels} steps and a trainable
     * threshold starting at 8.0 (see {@link Qcfs}).
     */
    public NetworkBuilder qcfs(int levels) {
        return add(Qcfs.Spec.of(levels));
    }

    /**
     * A delay of {@code steps} time steps for every feature, {@code Y[t] = X[t − steps]} (zero before);
     * per-feature delays are set on the built layer (see {@link Delay}).
     */
    public NetworkBuilder delay(int steps) {
        return add(new Delay.Spec(steps));
    }

    /**
     * A stateless threshold {@code S = H(X − θ)} with a fixed θ and the arctan surrogate (see
     * {@link org.snn4j.core.neuron.Threshold}).
     */
    public NetworkBuilder threshold(float theta) {
        return add(ThresholdSpec.of(theta));
    }

    /** The architecture described so far. */
    public NetworkSpec spec() {
        return new NetworkSpec(inputShape, layers);
    }

    /** Builds the network, initialising parameters from {@code seed}. */
    public Network build(long seed) {
        return spec().build(seed);
    }
}
