package org.snn4j.core.layer;

import java.util.List;
import org.snn4j.core.Parameter;
import org.snn4j.core.Shape;

/**
 * One multi-step layer of a network. It maps a whole batch of sequences at once:
 * input {@code [T, B, inputShape]} to output {@code [T, B, outputShape]}, both time-major flat
 * row-major {@code float[]} (row {@code t·B + b} holds sample {@code b} at step {@code t}).
 * Stateless layers (Linear, Flatten, Conv) treat the {@code T·B} rows as one big batch; stateful
 * neuron layers loop over time inside one fused forward and one fused backward loop. Every forward
 * starts from the layer's initial state (zero membrane), so sequences are independent.
 *
 * <p>Buffers: inputs and returned arrays hold exactly {@code T·B·features} values. The array returned by {@link #forward} or {@link #backward} is owned by the layer and
 * may be overwritten by its next call; callers copy if they keep it. The input array passed to
 * {@code forward} must stay unchanged until the matching {@code backward} returns (layers keep a
 * reference instead of a copy).
 */
public interface Layer {

    /** Per-sample, per-step input shape this layer was built for. */
    Shape inputShape();

    /** Per-sample, per-step output shape. */
    Shape outputShape();

    /**
     * Forward pass over {@code [T, B, in]}; when {@code ctx.training()} it keeps what backward needs.
     *
     * @return {@code [T, B, out]}
     */
    float[] forward(float[] input, RunContext ctx);

    /**
     * Backward pass for the most recent training forward: adds parameter gradients into
     * {@link Parameter#grad()} and returns the gradient with respect to the input.
     *
     * @param gradOutput     dL/d(output), {@code [T, B, out]}; may be overwritten by the layer
     * @param needInputGrad  false for the first layer, which may then skip the input gradient and return null
     * @return dL/d(input), {@code [T, B, in]}, or null when not needed
     */
    float[] backward(float[] gradOutput, boolean needInputGrad);

    /** Trainable parameters, in a fixed order (saved in this order). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Non-trainable state that belongs to the model and is saved with it, in a fixed order (saved
     * in this order, after all parameters), e.g. a batch norm's running mean and variance. A layer
     * may update its buffers' {@link Parameter#value() values} during a training forward; optimisers
     * never see buffers and their {@link Parameter#grad() gradients} stay unused. Names are unique
     * within the layer, also across parameters and buffers.
     */
    default List<Parameter> buffers() {
        return List.of();
    }

    /**
     * Checks that the current values of this layer's {@link #parameters()} and {@link #buffers()}
     * are ones it can compute with, for code that wrote them from outside the layer: model loading
     * calls it after filling the values, so a file holding, e.g., a fractional delay is refused at
     * load time. The default accepts every value. Mutates nothing.
     *
     * @throws IllegalArgumentException naming the tensor, the index and the value that is not allowed
     */
    default void checkValues() {
    }

    /** The serialisable description this layer was built from. */
    LayerSpec spec();
}
