package dev.modelkit.oci;

import java.nio.file.Path;

/**
 * Where a blob's stored bytes lie in a local file: a whole blob file of a layout, or one entry of an oci-archive. A
 * reader that has one can copy the bytes file-to-file in the kernel and hash them on another thread, instead of
 * passing every byte through one stream.
 *
 * @param length the bytes the file holds for the blob (what the descriptor claims is checked by whoever hashes them)
 */
public record BlobRegion(Path file, long offset, long length) {
}
