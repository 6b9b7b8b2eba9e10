/**
 * PNG plots for simulation and benchmark reports, written atomically through
 * {@link org.snn4j.io.AtomicFiles}: spike rasters, histograms, line charts (accuracy per epoch,
 * population rates, membrane traces), confusion matrices and grids of greyscale images (e.g.
 * receptive fields). All entry points are static methods of {@link org.snn4j.report.Plots}; they take
 * plain arrays, so this package does not depend on the engine's types. Charts use XChart, the
 * matrix and image grid Java2D; everything renders headless.
 */
package org.snn4j.report;
