package dev.modelkit.pack;

import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.Manifest;

import java.nio.file.Path;
import java.util.List;

/** What a pack wrote: the manifest (and its descriptor, whose digest is the artifact's identity) and the files. */
public record PackResult(String reference, Descriptor manifestDescriptor, Manifest manifest, List<PackedLayer> layers,
                         Path layoutDirectory, Path archiveFile) {
}
