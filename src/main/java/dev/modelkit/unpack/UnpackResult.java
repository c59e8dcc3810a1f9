package dev.modelkit.unpack;

import dev.modelkit.oci.Digest;

import java.nio.file.Path;
import java.util.List;

/**
 * What an unpack did.
 *
 * @param layers       the manifest indexes of the layers unpacked, in unpack order
 * @param files        regular files written (skipped existing ones excluded)
 * @param kitfile      the Kitfile written, or null
 */
public record UnpackResult(Digest manifestDigest, boolean modelPack, List<Integer> layers, int files, Path kitfile) {

    public UnpackResult {
        layers = List.copyOf(layers);
    }
}
