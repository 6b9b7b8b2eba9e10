/**
 * Surrogate-gradient training by backpropagation through time ({@link org.snn4j.core.train.Trainer})
 * with callbacks ({@link org.snn4j.core.train.TrainingListener}), and inference
 * ({@link org.snn4j.core.train.Evaluator}): accuracy, loss, confusion matrix, predictions.
 */
package org.snn4j.core.train;
