package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.oci.ArtifactSource;
import dev.modelkit.oci.BlobVerificationException;
import dev.modelkit.oci.Descriptor;
import dev.modelkit.oci.VerifyingInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A ModelKit read straight from a registry, without a local copy. As an {@link ArtifactSource} (unpack, inspect) it
 * hands out each blob's raw HTTP body as it streams in and leaves the checks to the reader, as every source does;
 * {@link #blob(Descriptor)} (pull) wraps the body in a stream that verifies digest and size itself (the last buffer is
 * withheld when they are wrong, see {@link VerifyingInputStream}). The manifest is fetched once; one fetched by digest
 * is checked against that digest.
 */
public final class RegistryArtifactSource implements ArtifactSource {

    private final RegistryClient client;
    private final ImageReference reference;
    private RegistryClient.FetchedManifest manifest;

    public RegistryArtifactSource(RegistryClient client, ImageReference reference) {
        this.client = client;
        this.reference = reference;
    }

    public static RegistryArtifactSource open(ImageReference reference, TransportSettings transport,
                                              CredentialSource credentials, BuildLog log) throws IOException {
        return new RegistryArtifactSource(RegistryClient.forPull(reference, transport, credentials, log), reference);
    }

    @Override
    public String description() {
        return "registry " + reference;
    }

    public ImageReference reference() {
        return reference;
    }

    /** The manifest's exact bytes as the registry holds them. */
    public synchronized byte[] manifest() throws IOException {
        return fetched().bytes().clone();
    }

    /** The manifest's descriptor (media type, digest of the bytes, size). */
    @Override
    public synchronized Descriptor manifestDescriptor() throws IOException {
        RegistryClient.FetchedManifest m = fetched();
        return new Descriptor(m.mediaType(), m.digest(), m.bytes().length);
    }

    /** A blob's bytes, verified against {@code blob}'s digest and size while read. */
    public InputStream blob(Descriptor blob) throws IOException {
        return new VerifyingInputStream(client.getBlob(reference.repository(), blob), blob,
                "blob from " + description());
    }

    /**
     * A blob's raw bytes as the registry sends them, unverified (readers wrap them in {@link VerifyingInputStream}).
     * The manifest's own descriptor gives the manifest bytes already fetched.
     */
    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        RegistryClient.FetchedManifest m = manifestIfFetched();
        if (m != null && m.digest().equals(descriptor.digest())) {
            return new ByteArrayInputStream(m.bytes());
        }
        return client.getBlob(reference.repository(), descriptor);
    }

    private synchronized RegistryClient.FetchedManifest manifestIfFetched() {
        return manifest;
    }

    private RegistryClient.FetchedManifest fetched() throws IOException {
        if (manifest == null) {
            RegistryClient.FetchedManifest m = client.getManifest(reference.repository(),
                    reference.manifestReference());
            if (reference.digest() != null && !m.digest().equals(reference.digest())) {
                throw new BlobVerificationException("The manifest " + reference + " from " + client.registry()
                        + " hashes to " + m.digest() + ", not the digest asked for");
            }
            manifest = m;
        }
        return manifest;
    }

    @Override
    public void close() {
        // Every blob stream is its own HTTP response, closed by its reader.
    }
}
