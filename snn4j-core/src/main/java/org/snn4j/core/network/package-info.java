/**
 * Sequential multi-step networks: {@link org.snn4j.core.network.Network} (forward over
 * {@code [T, B, F]}, backward through time, monitors), its architecture
 * {@link org.snn4j.core.network.NetworkSpec}, the registry of layer types used by architecture and
 * model files, and {@link org.snn4j.core.network.Model}: a trained network with its encoder, time
 * steps, loss and {@link org.snn4j.core.network.Provenance}.
 */
package org.snn4j.core.network;
