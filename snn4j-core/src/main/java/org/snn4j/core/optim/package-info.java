/**
 * Optimisers, learning-rate schedules and gradient clipping, with PyTorch's update rules.
 *
 * <p>{@link org.snn4j.core.optim.Sgd} (momentum, Nesterov, L2 weight decay),
 * {@link org.snn4j.core.optim.Adam} (L2 weight decay added to the gradient, as
 * {@code torch.optim.Adam}) and {@link org.snn4j.core.optim.AdamW} (decoupled weight decay, as
 * {@code torch.optim.AdamW}) update {@link org.snn4j.core.Parameter#value()} in place from
 * {@link org.snn4j.core.Parameter#grad()}; weight decay applies only to parameters whose
 * {@link org.snn4j.core.Parameter#decay()} is true. State (moments, step counts) is kept per
 * parameter object. {@link org.snn4j.core.optim.Optimizers#byName} builds one by name.
 * {@link org.snn4j.core.optim.Schedules} provides constant, step-decay and cosine (with linear
 * warm-up) learning rates; {@link org.snn4j.core.optim.GradientClipping} clips by global L2 norm
 * or by value.
 */
package org.snn4j.core.optim;
