/**
 * Training losses over a network's output sequence and their read-outs.
 *
 * <p>Every loss takes a {@link org.snn4j.core.network.NetworkOutput} with time-major arrays
 * {@code [T, B, N]}, returns the loss averaged over the batch and writes the exact analytic
 * gradient of that value into caller-owned arrays (the first {@code T·B·N} entries are fully
 * overwritten; gradients a loss does not produce are written as zeros). Implementations:
 * <ul>
 *   <li>{@link org.snn4j.core.loss.CrossEntropyCountLoss} ({@code "ce-count"}): softmax cross
 *       entropy of spike counts;</li>
 *   <li>{@link org.snn4j.core.loss.CrossEntropyMembraneLoss} ({@code "ce-membrane"}): softmax
 *       cross entropy of the membrane potential at every step, summed over steps (snnTorch
 *       tutorial 5);</li>
 *   <li>{@link org.snn4j.core.loss.MseCountLoss} ({@code "mse-count"}): squared error of spike
 *       counts against target counts (snnTorch {@code mse_count_loss}).</li>
 * </ul>
 * {@link org.snn4j.core.loss.Losses#byName(String)} builds one from its stable name.
 */
package org.snn4j.core.loss;
