package dev.modelkit.registry;

import dev.modelkit.BuildLog;
import dev.modelkit.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * A ModelKit read straight from a registry, for unpacking without a local copy: the manifest's bytes and each blob as
 * a stream that is verified against its descriptor while it is read (the last buffer is withheld when the digest or
 * size is wrong, see {@link VerifyingInputStream}). A manifest fetched by digest is checked against that digest.
 */
public final class RegistryArtifactSource implements java.io.Closeable {

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
    public synchronized Descriptor manifestDescriptor() throws IOException {
        RegistryClient.FetchedManifest m = fetched();
        return new Descriptor(m.mediaType(), m.digest(), m.bytes().length);
    }

    /** A blob's bytes, verified against {@code blob}'s digest and size while read. */
    public InputStream blob(Descriptor blob) throws IOException {
        return new VerifyingInputStream(client.getBlob(reference.repository(), blob), blob, description());
    }

    private RegistryClient.FetchedManifest fetched() throws IOException {
        if (manifest == null) {
            RegistryClient.FetchedManifest m = client.getManifest(reference.repository(),
                    reference.manifestReference());
            if (reference.digest() != null && !m.digest().equals(reference.digest())) {
                throw new CorruptBlobException("The manifest " + reference + " from " + client.registry()
                        + " hashes to " + m.digest() + ", not the digest asked for");
            }
            manifest = m;
        }
        return manifest;
    }

    @Override
    public void close() {
    }
}
