package dev.modelkit.pack;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;

/**
 * One layer as written: its descriptor in the manifest, the digest of its uncompressed form, and the Kitfile path
 * it came from (cleaned like the {@code org.cncf.model.filepath} annotation).
 */
public record PackedLayer(Descriptor descriptor, Digest diffId, String path) {
}
