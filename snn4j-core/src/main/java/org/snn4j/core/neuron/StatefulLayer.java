package org.snn4j.core.neuron;

import org.snn4j.core.Parameter;
import org.snn4j.core.layer.RunContext;

/**
 * A spiking layer that can run a sequence in consecutive time segments: a forward that starts from
 * a given state and hands out its final state, and a backward that takes the gradient arriving at
 * its final state from later segments and returns the gradient with respect to its initial state.
 * This is what gradient checkpointing over time ({@code network/CheckpointExecutor}) needs; running
 * segments {@code [0, S)}, {@code [S, 2S)}, … this way computes the same function, and the same
 * BPTT gradient, as one forward/backward over all {@code T} steps.
 *
 * <p>State and state-gradient arrays are flat {@code [V, B, N]} (V variables, each a {@code B·N}
 * block in lane order {@code b·N + n}); their variables are listed by each layer's Javadoc. The
 * state holds the layer's variables after the segment's last step ({@code U[t]}, {@code S[t]}, …);
 * the state gradient holds the layer's backward carries at the boundary (dL/d of the state
 * variables, or of the intermediate quantities the next step computes from them), in
 * {@link #stateGradientVariables()} blocks.
 *
 * <p>Parameter gradients: per-lane partial sums over time continue from one segment's backward to
 * the previous segment's. A backward with {@code gradFinalState == null} (the segment that ends the
 * sequence) starts them at zero; the backward of a segment whose forward began from the zero state
 * ({@code initialState == null}, the segment that starts the sequence) adds them to
 * {@link Parameter#grad()}. Backward segments therefore run last to first, each right after the
 * forward of the same segment. {@link #forward} and {@link #backward(float[], float[], boolean)}
 * are one segment spanning the whole sequence: {@code forwardSegment(input, ctx, null, null)} and
 * {@code backwardSegment(gS, gM, null, null, needInputGrad)}.
 */
public interface StatefulLayer extends SpikingLayer {

    /** V, the number of {@code [B, N]} blocks in a state array. */
    int stateVariables();

    /** The number of {@code [B, N]} blocks in a state-gradient array. */
    int stateGradientVariables();

    /**
     * Forward over the segment's {@code [S, B, N]} input, starting from {@code initialState}.
     *
     * @param initialState {@code [V, B, N]}, read, kept by reference until the matching backward
     *                     (must stay unchanged); null for the zero state at the start of a sequence
     * @param finalState   receives the state after the last step, {@code [V, B, N]}; or null
     * @return the spikes {@code [S, B, N]}, layer-owned
     */
    float[] forwardSegment(float[] input, RunContext ctx, float[] initialState, float[] finalState);

    /**
     * Backward through the most recent training {@link #forwardSegment}.
     *
     * @param gradSpikes       dL/dS of this segment {@code [S, B, N]}, or null
     * @param gradMembrane     dL/dU of this segment {@code [S, B, N]}, or null
     * @param gradFinalState   the state gradient handed back by the next segment's backward, read; null
     *                         when this segment ends the sequence
     * @param gradInitialState receives the state gradient for the previous segment; or null when not needed.
     *                         Must not be the same array as {@code gradFinalState}.
     * @return dL/d(input) {@code [S, B, N]}, layer-owned, or null when {@code needInputGrad} is false
     */
    float[] backwardSegment(float[] gradSpikes, float[] gradMembrane, float[] gradFinalState,
                            float[] gradInitialState, boolean needInputGrad);
}
