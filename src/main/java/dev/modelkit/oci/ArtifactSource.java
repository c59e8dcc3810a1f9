package dev.modelkit.oci;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where an artifact's manifest and blobs come from: an OCI layout folder, an oci-archive, later a registry. Sources
 * only fetch bytes; they do not verify them. Readers wrap every stream in {@link VerifyingInputStream}, so a new
 * source (a registry client) gets the same checks without repeating them. Blobs may be opened and read from several
 * threads at once (unpack extracts layers side by side).
 */
public interface ArtifactSource extends Closeable {

    /** How messages name the source, e.g. "oci-archive /x/model.tar". */
    String description();

    /** The descriptor of the manifest to read (from index.json, or what a registry answered for a tag). */
    Descriptor manifestDescriptor() throws IOException;

    /** The stored bytes of a blob, unverified and not decompressed. */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    /**
     * Where the blob's stored bytes lie in a local file, if they do (a layout or an oci-archive; not a registry). A
     * reader may then read them as a {@link FileRegionInputStream} instead of {@link #openBlob}; the bytes are just as
     * unverified.
     */
    default Optional<BlobRegion> blobRegion(Descriptor descriptor) throws IOException {
        return Optional.empty();
    }
}
