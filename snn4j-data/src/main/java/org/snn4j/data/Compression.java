package org.snn4j.data;

/** How {@link IdxWriter} stores a file; {@link IdxReader} detects it from the gzip magic bytes {@code 1f 8b}. */
public enum Compression {
    /** Plain IDX bytes. */
    NONE,
    /** gzip (RFC 1952) at the highest deflate level, as the MNIST-family files are distributed. */
    GZIP
}
