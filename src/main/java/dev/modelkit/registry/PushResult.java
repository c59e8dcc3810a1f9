package dev.modelkit.registry;

import dev.modelkit.oci.Digest;

import java.util.List;

/**
 * What a push did.
 *
 * @param pushed        one entry per tag
 * @param uploaded      blobs whose bytes were sent
 * @param mounted       blobs linked from another repository
 * @param present       blobs the repository already had
 * @param bytesUploaded blob bytes sent (0 for an unchanged ModelKit)
 */
public record PushResult(List<Pushed> pushed, int uploaded, int mounted, int present, long bytesUploaded) {

    public PushResult {
        pushed = List.copyOf(pushed);
    }

    /** A reference that now names the manifest. */
    public record Pushed(String reference, Digest digest) {
    }
}
