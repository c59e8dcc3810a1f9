package dev.modelkit.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One push.
 *
 * @param source      an OCI layout folder or an oci-archive tar
 * @param registry    the registry host[:port] ({@code docker.io} for Docker Hub)
 * @param repository  the repository path
 * @param tags        tags to set, at least one; the manifest is PUT by the first, then by every other
 * @param mountFrom   other repositories of the same registry that may hold the blobs (tried with a mount)
 * @param upload      chunking and parallelism
 * @param transport   HTTP(S) settings
 * @param credentials where credentials come from
 */
public record PushRequest(Path source, String registry, String repository, List<String> tags, List<String> mountFrom,
                          UploadPolicy upload, TransportSettings transport, CredentialSource credentials) {

    public PushRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        tags = List.copyOf(tags);
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("at least one tag is needed");
        }
        mountFrom = List.copyOf(mountFrom);
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** The references the push creates, one per tag (also validates the names). */
    public List<ImageReference> references() {
        return tags.stream().map(t -> new ImageReference(registry, repository, t, null)).toList();
    }
}
