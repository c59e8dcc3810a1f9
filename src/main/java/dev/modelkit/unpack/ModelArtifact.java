package dev.modelkit.unpack;

import dev.modelkit.kitfile.Kitfile;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Digest;
import dev.modelkit.oci.Manifest;

import java.util.List;

/**
 * A ModelKit or ModelPack as read and verified from a source: manifest and config bytes, and the Kitfile that says
 * what each layer is.
 *
 * @param kitfileGenerated true for a ModelPack without a Kitfile, whose Kitfile was made from the manifest
 * @param configDiffIds    a ModelPack config's {@code modelfs.diffIds} (or {@code diff_ids}), one per layer; null for
 *                         a ModelKit or an unreadable config
 */
public record ModelArtifact(Descriptor manifestDescriptor, byte[] manifestJson, Manifest manifest, byte[] configJson,
                            boolean modelPack, Kitfile kitfile, boolean kitfileGenerated,
                            List<Digest> configDiffIds) {
}
