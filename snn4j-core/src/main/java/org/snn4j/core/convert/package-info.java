/**
 * ANN→SNN conversion (Diehl et al. 2015; Rueckauer et al. 2017; Bu et al. 2022): train an ordinary
 * ReLU (or QCFS) network on the snn4j layer stack, then
 * {@link org.snn4j.core.convert.BatchNormFolding fold its batch norms} into the preceding weights,
 * {@link org.snn4j.core.convert.ActivationCalibration calibrate} each activation layer's scale λ
 * (maximum or percentile of its outputs over a calibration set) and
 * {@link org.snn4j.core.convert.AnnToSnnConverter convert} it into an ordinary snn4j
 * {@link org.snn4j.core.network.Network} of integrate-and-fire layers (reset by subtraction,
 * threshold balancing θ_l = λ_l), which can be saved, loaded and evaluated like any other model.
 * {@link org.snn4j.core.convert.TimeSweep} evaluates the converted network's accuracy after 1, 2,
 * 4 … T steps from one T-step run.
 */
package org.snn4j.core.convert;
