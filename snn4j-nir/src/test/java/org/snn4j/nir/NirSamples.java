package org.snn4j.nir;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The NIR sample files under {@code src/test/resources/nir/} (see PROVENANCE.md there). */
final class NirSamples {

    /** The nine files written by the Python frameworks. */
    static final List<String> REAL = List.of(
            "braille_noDelay_bias_zero.nir",
            "braille_noDelay_bias_zero_subgraph.nir",
            "braille_noDelay_noBias_subtract.nir",
            "braille_noDelay_noBias_subtract_subgraph.nir",
            "cnn_sinabs.nir",
            "lif_norse.nir",
            "lif_rockpool.nir",
            "rockpool_braille.nir",
            "two_lif_neurons.nir");

    /** Made with h5py in the way nir.write 1.0.x writes (gzip, int32/uint8/float16, metadata groups). */
    static final String DTYPES_GZIP = "dtypes_gzip.nir";

    private NirSamples() {
    }

    static Path path(String name) {
        URL url = NirSamples.class.getResource("/nir/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource nir/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NirGraph read(String name) throws Exception {
        return NirFile.read(path(name));
    }
}
