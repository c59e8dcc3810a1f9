package dev.modelkit.registry;

import dev.modelkit.oci.Descriptor;

import java.nio.file.Path;

/**
 * What a pull wrote.
 *
 * @param manifest        the manifest descriptor now in index.json
 * @param layoutDirectory the layout folder
 * @param fetched         blobs downloaded (blobs already in the layout are kept)
 * @param bytes           blob bytes downloaded
 */
public record PullResult(Descriptor manifest, Path layoutDirectory, int fetched, long bytes) {
}
