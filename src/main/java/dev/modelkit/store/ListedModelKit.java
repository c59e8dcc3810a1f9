package dev.modelkit.store;

import dev.modelkit.oci.Digest;

/**
 * One row of {@code kit list}: one per tag, or one {@code <none>} row for an untagged manifest.
 *
 * @param repository the repository as kit shows it (without {@code localhost/})
 * @param tag        the tag, or null when untagged
 * @param maintainer the first Kitfile {@code package.authors} entry, or null
 * @param name       Kitfile {@code package.name}, or null
 * @param size       the sum of the layer sizes (config and manifest excluded, as kit counts)
 * @param digest     the manifest digest
 */
public record ListedModelKit(String repository, String tag, String maintainer, String name, long size,
                             Digest digest) {
}
