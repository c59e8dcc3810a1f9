package dev.modelkit.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One pull into a local OCI image layout.
 *
 * @param reference       what to pull ({@code registry/repository:tag} or {@code ...@sha256:...})
 * @param layoutDirectory the layout folder to create or add to
 * @param transport       HTTP(S) settings
 * @param credentials     where credentials come from
 * @param parallelism     blobs fetched at once
 */
public record PullRequest(ImageReference reference, Path layoutDirectory, TransportSettings transport,
                          CredentialSource credentials, int parallelism) {

    public PullRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(layoutDirectory, "layoutDirectory");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(credentials, "credentials");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}
