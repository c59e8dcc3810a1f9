package dev.modelkit.store;

import dev.modelkit.oci.Digest;

import java.util.List;

/**
 * What an install did.
 *
 * @param references   the references now naming the ModelKit
 * @param manifest     the manifest digest
 * @param blobsAdded   blobs copied into the store
 * @param blobsPresent blobs that were already there (left untouched)
 * @param filesChanged store files written or replaced (blobs and index/tags files); empty on a repeat install
 */
public record InstallResult(List<StoreReference> references, Digest manifest, int blobsAdded, int blobsPresent,
                            List<String> filesChanged) {

    public InstallResult {
        references = List.copyOf(references);
        filesChanged = List.copyOf(filesChanged);
    }
}
