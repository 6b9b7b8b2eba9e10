/**
 * Encoders that turn static samples {@code [B, F]} into time-major input sequences
 * {@code [T, B, F]}: {@link org.snn4j.core.encode.DirectEncoder} ({@code "direct"}),
 * {@link org.snn4j.core.encode.RateEncoder} ({@code "poisson"}, alias {@code "rate"}),
 * {@link org.snn4j.core.encode.LatencyEncoder} ({@code "latency"}) and
 * {@link org.snn4j.core.encode.DeltaEncoder} ({@code "delta"}).
 * {@link org.snn4j.core.encode.Encoders#byName(String)} builds one with default settings.
 */
package org.snn4j.core.encode;
