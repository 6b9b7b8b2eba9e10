/**
 * ANN→SNN conversion: {@link org.snn4j.core.convert.TimeSweep} evaluates a converted, rate-coded
 * network's accuracy against the number of time steps in one run.
 */
package org.snn4j.core.convert;
