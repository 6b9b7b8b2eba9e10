/**
 * The {@code snn4j} command line (picocli): {@code demo}, {@code train}, {@code eval}, {@code info}
 * and {@code bench train}. Each command ends its output with one line of JSON; user errors give one
 * line on standard error and exit status 2.
 */
package org.snn4j.cli;
